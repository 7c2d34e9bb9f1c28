# The binary case the recommended way: digits 0 and 1, one *linear* output unit (the logit z),
# `BinaryCrossentropy(from_logits=True)` in training, and `tf.nn.sigmoid` to get probabilities.

import numpy as np
import tensorflow as tf
from sklearn.datasets import load_digits
from sklearn.model_selection import train_test_split
from tensorflow.keras import Input, Sequential
from tensorflow.keras.layers import Dense
from tensorflow.keras.losses import BinaryCrossentropy

tf.keras.utils.set_random_seed(0)

X, y = load_digits(n_class=2, return_X_y=True)
print(f"images of 0 and 1: {len(y)}")
assert len(y) == 360
X_train, X_test, y_train, y_test = train_test_split(X / 16.0, y, test_size=0.25, random_state=0,
                                                    stratify=y)

model = Sequential([
    Input(shape=(64,)),
    Dense(units=25, activation="relu"),
    Dense(units=15, activation="relu"),
    Dense(units=1, activation="linear"),                     # instead of "sigmoid"
])
model.compile(optimizer=tf.keras.optimizers.Adam(learning_rate=1e-3),
              loss=BinaryCrossentropy(from_logits=True))
model.fit(X_train, y_train, epochs=20, verbose=0)

# The model outputs logits z; g(z) = tf.nn.sigmoid(z) is P(y = 1 | x). Thresholding g(z) at 0.5
# is the same as thresholding z at 0.

logits = model(X_test)
probabilities = tf.nn.sigmoid(logits).numpy()[:, 0]
print("logits z of the first 3 held-out images:", " ".join(f"{v:8.2f}" for v in logits[:3, 0]))
print("P(y=1|x) = sigmoid(z) for the same images:", " ".join(f"{v:8.4f}" for v in probabilities[:3]))
assert np.array_equal(probabilities >= 0.5, logits.numpy()[:, 0] >= 0)
accuracy = np.mean((probabilities >= 0.5) == y_test)
print(f"held-out accuracy: {accuracy:.4f} on {len(y_test)} images")
assert accuracy >= 0.98, accuracy
