# # ReLU hidden layers, sigmoid output: Note A's "syntax" example, corrected
#
# The network of the digit example with ReLU in both hidden layers and a sigmoid output unit
# for the 0-or-1 label: ReLU hidden layers are the default for binary classification too (only
# the output layer follows the label). Note A's version imports from `tf.keras`, which fails,
# and never imports `Sequential`.

import numpy as np
import tensorflow as tf
from sklearn.datasets import load_digits
from tensorflow.keras import Input, Sequential
from tensorflow.keras.layers import Dense
from tensorflow.keras.losses import BinaryCrossentropy

tf.keras.utils.set_random_seed(0)

X, y = load_digits(n_class=2, return_X_y=True)
X, y = (X / 16.0).astype(np.float32), y.astype(np.float32)
order = np.random.default_rng(0).permutation(len(X))
X_test, y_test = X[order[:120]], y[order[:120]]
X_train, y_train = X[order[120:]], y[order[120:]]

model = Sequential([
    Input(shape=(64,)),
    Dense(units=25, activation="relu"),
    Dense(units=15, activation="relu"),
    Dense(units=1, activation="sigmoid"),
])
model.compile(loss=BinaryCrossentropy())
model.fit(X_train, y_train, epochs=20, verbose=0)

p = model.predict(X_test, verbose=0)[:, 0]
accuracy = float(np.mean((p >= 0.5) == y_test))
print(f"outputs between {p.min():.4f} and {p.max():.4f}: probabilities that the digit is a 1")
print(f"binary classification with ReLU hidden layers: held-out accuracy {accuracy:.4f}")
assert 0 < p.min() and p.max() < 1
assert accuracy >= 0.99, accuracy
