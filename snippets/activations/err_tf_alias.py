# # Note A's import: `from tf.keras.layers import Dense`
#
# `tf` is only the name that `import tensorflow as tf` gives the module inside a program;
# `import` statements look for real module names, and there is no module called `tf`.

# expect-error: ModuleNotFoundError: No module named 'tf'
import tensorflow as tf  # noqa: F401
from tf.keras.layers import Dense  # noqa: F401
