# The "obvious" version first: 10 output units with a softmax activation, and the loss
# SparseCategoricalCrossentropy() computed from the probabilities. The note's code, corrected:
# Dense from tensorflow.keras.layers, commas between the layers, the loss imported from
# tensorflow.keras.losses with its real name. Same data and training as the recommended version.

import numpy as np
import tensorflow as tf
from sklearn.datasets import load_digits
from sklearn.model_selection import train_test_split
from tensorflow.keras import Input, Sequential
from tensorflow.keras.layers import Dense
from tensorflow.keras.losses import SparseCategoricalCrossentropy
from tensorflow.keras.regularizers import L2

tf.keras.utils.set_random_seed(0)

X, y = load_digits(return_X_y=True)
classes = np.unique(y)
print(f"{len(y)} images of the digits {classes.min()} to {classes.max()}: {len(classes)} classes")
assert list(classes) == list(range(10))
X_train, X_test, y_train, y_test = train_test_split(X / 16.0, y, test_size=0.25, random_state=0,
                                                    stratify=y)
mean, spread = X_train.mean(axis=0), X_train.std(axis=0) + 0.1
X_train, X_test = (X_train - mean) / spread, (X_test - mean) / spread

model = Sequential([
    Input(shape=(64,)),
    Dense(25, activation="relu", kernel_regularizer=L2(1e-3)),
    Dense(15, activation="relu", kernel_regularizer=L2(1e-3)),
    Dense(10, activation="softmax"),
])
model.compile(optimizer=tf.keras.optimizers.Adam(learning_rate=3e-3),
              loss=SparseCategoricalCrossentropy())
model.fit(X_train, y_train, epochs=30, batch_size=32, verbose=0)

# The outputs are the probabilities a_1..a_10 themselves: each row sums to 1.

probabilities = model.predict(X_test, verbose=0)
print(f"row sums of the outputs: min {probabilities.sum(axis=1).min():.6f},"
      f" max {probabilities.sum(axis=1).max():.6f}")
np.testing.assert_allclose(probabilities.sum(axis=1), 1.0, rtol=0, atol=1e-5)
accuracy = np.mean(np.argmax(probabilities, axis=1) == y_test)
print(f"held-out accuracy: {accuracy:.4f}")
assert accuracy >= 0.96, accuracy
