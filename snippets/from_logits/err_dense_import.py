# # Note A's softmax network: `Dense` from the wrong module
#
# Note A's imports, as it writes them, and its three layers with the missing commas added. The
# program stops at the import of `Dense`: the class lives in `tensorflow.keras.layers`.

import tensorflow as tf
from tensorflow.keras import Sequential

# expect-error: ImportError: cannot import name 'Dense' from 'tensorflow.keras'
from tensorflow.keras import Dense

model = Sequential([
    Dense(25, activation = 'relu'),
    Dense(15, activation = 'relu'),
    Dense(10, activation = 'softmax'),
])
