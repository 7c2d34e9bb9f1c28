# # Check your setup
#
# The first program to run. It prints the versions of Python, TensorFlow, Keras, NumPy and
# scikit-learn it finds and whether TensorFlow sees a GPU, then the versions this site's programs
# ran with, and what yours mean for them. One of three verdicts:
#
# - `ok`: the versions the site's programs ran with;
# - `warning`: the programs are written for other versions; the warning names the differences
#   that matter, and you can go on;
# - `stop`: most of the site's programs cannot run here: TensorFlow is not installed, or it is
#   older than 2.7 (they call `tf.keras.utils.set_random_seed`, which TensorFlow 2.7 added); the
#   message says how to fix it.
#
# Once TensorFlow imports, the verdict comes from `assess`, a function of the version strings
# alone.

import os
import platform
import re
import sys

VERIFIED = {"Python": "3.11", "TensorFlow": "2.21", "Keras": "3.15"}  # what the site's programs ran with
INSTALL = 'pip install "tensorflow==2.21.*"'
LEGACY_ON = ("true", "True", "1")  # the values of TF_USE_LEGACY_KERAS that TensorFlow obeys
KERAS_2 = ("tf.keras is then Keras 2, and the site's programs are written for Keras 3, where some "
           "arguments differ: Keras 2 rejects a loss's reduction=None (it wants \"none\") and "
           "LeakyReLU(negative_slope=...) (it calls it alpha), so the programs that use them stop, "
           "and the others may print other numbers.")


def release(version):
    """(major, minor, pre-release?) of a version string: "2.21.0" -> (2, 21, False);
    "2.22.0-dev20260105", "2.21.0rc1" -> pre-releases; None if it does not start with major.minor."""
    m = re.match(r"\s*(\d+)\.(\d+)(?:\.\d+)*(.*)$", version)
    if not m:
        return None
    rest = m.group(3).split("+")[0].lower()  # what follows "+" is a local label ("+cpu"), not a stage
    return int(m.group(1)), int(m.group(2)), bool(re.match(r"[.\-_]?(dev|rc|a|b|alpha|beta|pre)", rest))


def assess(tensorflow, keras, legacy_keras=None, tf_keras_installed=False):
    """("ok" | "warning" | "stop", message) for these versions of TensorFlow and Keras.

    `legacy_keras` is the value of the environment variable TF_USE_LEGACY_KERAS (None if unset);
    `tf_keras_installed`, whether the package tf_keras (Keras 2 for TensorFlow 2.16 and later) is.
    """
    tf_release, keras_release = release(tensorflow), release(keras)
    verified = f"TensorFlow {VERIFIED['TensorFlow']} with Keras {VERIFIED['Keras']}"
    if tf_release is None:
        return "warning", (f"cannot read TensorFlow's version {tensorflow!r}; the site's programs ran "
                           f"with {verified}.")
    major, minor, pre = tf_release
    if (major, minor) < (2, 7):
        return "stop", (f"TensorFlow {tensorflow} cannot run most of the site's programs: they call "
                        f"tf.keras.utils.set_random_seed, which TensorFlow 2.7 added, and all are written "
                        f"for Keras 3 (TensorFlow 2.16 and later). Fix: {INSTALL}")
    if major > 2:
        return "warning", (f"TensorFlow {tensorflow} is a newer major version than the site's programs ran "
                           f"with ({verified}); they were not run with it.")
    if (major, minor) < (2, 16):
        return "warning", (f"TensorFlow {tensorflow} is older than 2.16: {KERAS_2} Fix: {INSTALL}")
    if legacy_keras in LEGACY_ON:
        if not tf_keras_installed:
            return "warning", (f"TF_USE_LEGACY_KERAS={legacy_keras} asks TensorFlow for Keras 2 (the "
                               f"package tf_keras), which is not installed: TensorFlow warns, and a use of "
                               f"tf.keras before any `from tensorflow.keras import ...` raises ImportError "
                               f"(\"Keras cannot be imported\"). Fix: unset TF_USE_LEGACY_KERAS.")
        return "warning", (f"TF_USE_LEGACY_KERAS={legacy_keras}: {KERAS_2} `import keras` still gives "
                           f"Keras 3, another library, whose Sequential takes only Keras 3 layers. "
                           f"Fix: unset TF_USE_LEGACY_KERAS.")
    if keras_release is None or keras_release[0] != 3:
        return "warning", (f"Keras {keras} with TensorFlow {tensorflow}: {KERAS_2} "
                           f"Fix: pip install \"keras=={VERIFIED['Keras']}.*\"")
    found = f"TensorFlow {tensorflow} with Keras {keras}"
    if pre or keras_release[2]:
        return "warning", (f"{found} includes a pre-release; the site's programs ran with {verified}. "
                           f"They are written for Keras 3, but were not run with these builds.")
    if f"{major}.{minor}" != VERIFIED["TensorFlow"] or f"{keras_release[0]}.{keras_release[1]}" != VERIFIED["Keras"]:
        return "warning", (f"{found}: tf.keras is Keras 3, as on this site, but the site's programs ran "
                           f"with {verified}, not with these: a printed number may differ in its last "
                           f"digits, and an assertion with a tight tolerance may fail.")
    return "ok", f"{found}: the versions the site's programs ran with."


# ## What this machine has

try:
    import tensorflow as tf
except ImportError:
    raise SystemExit(f"stop: TensorFlow is not installed for {sys.executable}. Fix: {INSTALL}") from None
import keras
import numpy as np
import sklearn

try:
    import tf_keras  # noqa: F401  (Keras 2, only where someone installed it)
    tf_keras_installed = True
except ImportError:
    tf_keras_installed = False

gpus = tf.config.list_physical_devices("GPU")
print(f"Python       {platform.python_version()}")
print(f"TensorFlow   {tf.__version__}")
print(f"Keras        {keras.__version__}")
print(f"NumPy        {np.__version__}")
print(f"scikit-learn {sklearn.__version__}")
print(f"device       {'GPU: ' + ', '.join(g.name for g in gpus) if gpus else 'CPU (TensorFlow sees no GPU)'}")
print("the site's programs ran with: " + ", ".join(f"{k} {v}" for k, v in VERIFIED.items()) + ", on CPU")

# ## The verdict

level, message = assess(tf.__version__, keras.__version__, os.environ.get("TF_USE_LEGACY_KERAS"),
                        tf_keras_installed)
if level == "stop":
    raise SystemExit(f"stop: {message}")
print(f"{level}: {message}")
if gpus:
    print("note: the outputs on this site come from CPU runs; on a GPU, float32 results can differ "
          "(on NVIDIA Ampere and newer, TensorFlow's default TF32 matrix products are accurate to "
          "about 1e-3).")

# Since TensorFlow 2.16, `tf.keras` *is* Keras 3 (unless TF_USE_LEGACY_KERAS asks for Keras 2):
# the notes' import paths name Keras 3's own classes.
from tensorflow.keras.layers import Dense

print("tf.keras is Keras 3:", Dense is keras.layers.Dense)
assert level != "ok" or Dense is keras.layers.Dense  # on the verified versions, one library
