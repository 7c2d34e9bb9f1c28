# Check your setup: the versions this site was built with, and the one fact about them that
# the original notes predate. Since TensorFlow 2.16, `tf.keras` *is* Keras 3 by default (unless
# `TF_USE_LEGACY_KERAS=1` is set): the same package, so `tensorflow.keras.layers.Dense` and
# `keras.layers.Dense` are one class.

import keras
import numpy as np
import sklearn
import tensorflow as tf

print(f"TensorFlow   {tf.__version__}")
print(f"Keras        {keras.__version__}")
print(f"NumPy        {np.__version__}")
print(f"scikit-learn {sklearn.__version__}")

assert tf.__version__.startswith("2.21."), tf.__version__
assert keras.__version__.startswith("3."), keras.__version__

# The notes' import paths resolve to Keras 3's own classes.
from tensorflow.keras.layers import Dense

assert Dense is keras.layers.Dense
print("tf.keras is Keras 3:", tf.keras.layers.Dense is keras.layers.Dense)
