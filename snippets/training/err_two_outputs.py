# # Note B's output layer: two sigmoid units for a yes/no label
#
# Note B ends its 0-or-1 digit network with `Dense(units=2, activation="sigmoid")`. A binary
# label is one number per example, and `BinaryCrossentropy` compares it with one probability
# per example: with two output units `fit` stops at once.

# expect-error: ValueError: Arguments `target` and `output` must have the same rank
import numpy as np
import tensorflow as tf
from sklearn.datasets import load_digits
from tensorflow.keras import Input, Sequential
from tensorflow.keras.layers import Dense
from tensorflow.keras.losses import BinaryCrossentropy

tf.keras.utils.set_random_seed(0)
X, y = load_digits(n_class=2, return_X_y=True)
X, y = (X / 16.0).astype(np.float32), y.astype(np.float32)  # y has shape (360,)

model = Sequential([
    Input(shape=(64,)),
    Dense(units=25, activation="sigmoid"),
    Dense(units=15, activation="sigmoid"),
    Dense(units=2, activation="sigmoid"),
])
model.compile(loss=BinaryCrossentropy())
model.fit(X, y, epochs=1, verbose=0)
