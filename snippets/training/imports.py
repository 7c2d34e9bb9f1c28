# # Keras 3 import paths
#
# Since TensorFlow 2.16, `tf.keras` is Keras 3 by default (`TF_USE_LEGACY_KERAS=1`, with the
# `tf_keras` package, brings Keras 2 back). The imports the notes use still work and name the
# very same classes as `keras.*`. `tf` is only a name that `import tensorflow as tf` binds in
# your program: Python cannot import *from* it (`from tf.keras.layers import Dense` fails with
# `ModuleNotFoundError: No module named 'tf'`).

import keras
import tensorflow as tf
from tensorflow.keras import Input, Sequential
from tensorflow.keras.layers import Dense
from tensorflow.keras.losses import BinaryCrossentropy, MeanSquaredError
from tensorflow.keras.optimizers import SGD, Adam, RMSprop

print(f"TensorFlow {tf.__version__}, Keras {keras.__version__}")
assert keras.__version__.startswith("3.")

same = [
    (Sequential, keras.Sequential, tf.keras.Sequential),
    (Input, keras.Input, tf.keras.Input),
    (Dense, keras.layers.Dense, tf.keras.layers.Dense),
    (BinaryCrossentropy, keras.losses.BinaryCrossentropy, tf.keras.losses.BinaryCrossentropy),
    (MeanSquaredError, keras.losses.MeanSquaredError, tf.keras.losses.MeanSquaredError),
    (SGD, keras.optimizers.SGD, tf.keras.optimizers.SGD),
    (Adam, keras.optimizers.Adam, tf.keras.optimizers.Adam),
    (RMSprop, keras.optimizers.RMSprop, tf.keras.optimizers.RMSprop),
]
for a, b, c in same:
    assert a is b is c, a
print(f"tensorflow.keras.X is keras.X is tf.keras.X for all {len(same)} names: True")
