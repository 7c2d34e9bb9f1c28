# # Note A's softmax network: no data
#
# Note A's first softmax program with its other errors fixed (commas between the layers, `Dense`
# from `tensorflow.keras.layers`, the loss spelt right and imported from `tensorflow.keras.losses`).
# It builds and compiles the model, and stops at `fit`: `X` and `y` are defined nowhere in the note.

import tensorflow as tf
from tensorflow.keras import Sequential
from tensorflow.keras.layers import Dense
from tensorflow.keras.losses import SparseCategoricalCrossentropy

model = Sequential([
    Dense(25, activation = 'relu'),
    Dense(15, activation = 'relu'),
    Dense(10, activation = 'softmax'),
])
model.compile(loss = SparseCategoricalCrossentropy())

# expect-error: NameError: name 'X' is not defined
model.fit(X, y, epochs = 100)
