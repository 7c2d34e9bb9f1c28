# # Why the digits model of the Adam page is less accurate than the one of the from_logits page
#
# Both are trained with Adam. The Adam page runs the notes' network as written: sigmoid hidden
# units, pixels scaled to 0..1, learning rate 1e-3, 30 epochs. The from_logits page adds the usual
# recipe: ReLU hidden units, each pixel standardised, a larger learning rate (3e-3) and a small L2
# penalty. Here the Adam page's program with one change, ReLU hidden units instead of sigmoid:
# the same data, the same Adam with learning rate 1e-3, the same 30 epochs.

import numpy as np
import tensorflow as tf
from sklearn.datasets import load_digits
from sklearn.model_selection import train_test_split
from tensorflow.keras import Input, Sequential
from tensorflow.keras.layers import Dense
from tensorflow.keras.losses import SparseCategoricalCrossentropy

X, y = load_digits(return_X_y=True)
X = X / 16.0
X_train, X_test, y_train, y_test = train_test_split(
    X, y, test_size=0.2, stratify=y, random_state=0)


tf.keras.utils.set_random_seed(0)
model = Sequential([
    Input(shape=(64,)),
    Dense(25, activation="relu"),
    Dense(15, activation="relu"),
    Dense(10, activation="linear"),
])
model.compile(optimizer=tf.keras.optimizers.Adam(learning_rate=1e-3),
              loss=SparseCategoricalCrossentropy(from_logits=True))
model.fit(X_train, y_train, epochs=30, verbose=0)

# The sigmoid network of adam/adam_digits.py reaches 0.86 on the site's seed (at least 0.80
# asserted there, for every seed); with ReLU, at least 0.93 for every seed.

accuracy = np.mean(np.argmax(model.predict(X_test, verbose=0), axis=1) == y_test)
print(f"held-out accuracy, ReLU hidden units, Adam 1e-3, 30 epochs: {accuracy:.4f}")
assert accuracy >= 0.93, accuracy
