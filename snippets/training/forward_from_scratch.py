# # Forward propagation from scratch, checked against Keras
#
# Train Note A's network (25, 15 and 1 sigmoid units) on the 0s and 1s, take its weights out,
# and compute its output again with NumPy, the way the practice lab `C2_W1_Assignment` does:
# `my_dense` for one
# example (a loop over the units), `my_dense_v` for a batch of examples (one matrix product),
# and `my_sequential` / `my_sequential_v` to chain the three layers. All in float32, so the
# outputs must equal Keras's to float32 round-off (tolerance 1e-6).

import numpy as np
import tensorflow as tf
from sklearn.datasets import load_digits
from tensorflow.keras import Input, Sequential
from tensorflow.keras.layers import Dense
from tensorflow.keras.losses import BinaryCrossentropy

tf.keras.utils.set_random_seed(0)

X, y = load_digits(n_class=2, return_X_y=True)
X = (X / 16.0).astype(np.float32)
y = y.astype(np.float32)
order = np.random.default_rng(0).permutation(len(X))
X_test, y_test = X[order[:120]], y[order[:120]]
X_train, y_train = X[order[120:]], y[order[120:]]

model = Sequential([
    Input(shape=(64,)),
    Dense(25, activation="sigmoid"),
    Dense(15, activation="sigmoid"),
    Dense(1, activation="sigmoid"),
])
model.compile(loss=BinaryCrossentropy())
model.fit(X_train, y_train, epochs=20, verbose=0)

# The trained parameters: W of shape (inputs, units) and b of shape (units,) for each layer.

W1, b1, W2, b2, W3, b3 = model.get_weights()
print(f"W1 {W1.shape}, b1 {b1.shape}, W2 {W2.shape}, b2 {b2.shape}, W3 {W3.shape}, b3 {b3.shape}")

# One example at a time: unit j of a layer computes a_j = g(w_j . a_in + b_j), where w_j is
# column j of W.

def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def my_dense(a_in, W, b, g):
    units = W.shape[1]
    a_out = np.zeros(units, dtype=np.float32)
    for j in range(units):
        w = W[:, j]
        z = np.dot(w, a_in) + b[j]
        a_out[j] = g(z)
    return a_out


def my_sequential(x, W1, b1, W2, b2, W3, b3):
    a1 = my_dense(x, W1, b1, sigmoid)
    a2 = my_dense(a1, W2, b2, sigmoid)
    a3 = my_dense(a2, W3, b3, sigmoid)
    return a3


# A batch at a time: the rows of A_in are examples, so Z = A_in W + b computes every unit for
# every example in one matrix product.

def my_dense_v(A_in, W, b, g):
    Z = np.matmul(A_in, W) + b
    A_out = g(Z)
    return A_out


def my_sequential_v(X, W1, b1, W2, b2, W3, b3):
    A1 = my_dense_v(X, W1, b1, sigmoid)
    A2 = my_dense_v(A1, W2, b2, sigmoid)
    A3 = my_dense_v(A2, W3, b3, sigmoid)
    return A3


p_keras = model.predict(X_test, verbose=0)  # shape (120, 1)
p_loop = np.array([my_sequential(x, W1, b1, W2, b2, W3, b3) for x in X_test])
p_vec = my_sequential_v(X_test, W1, b1, W2, b2, W3, b3)
print(f"dtypes: loop {p_loop.dtype}, vectorised {p_vec.dtype}, Keras {p_keras.dtype}")
print(f"largest |my_sequential - Keras|:   {np.max(np.abs(p_loop - p_keras)):.1e}")
print(f"largest |my_sequential_v - Keras|: {np.max(np.abs(p_vec - p_keras)):.1e} (tolerance 1e-6)")
np.testing.assert_allclose(p_loop, p_keras, rtol=0, atol=1e-6)
np.testing.assert_allclose(p_vec, p_keras, rtol=0, atol=1e-6)

# Same predictions, so the same held-out accuracy.

acc_numpy = np.mean((p_vec[:, 0] >= 0.5) == y_test)
acc_keras = np.mean((p_keras[:, 0] >= 0.5) == y_test)
print(f"held-out accuracy: NumPy forward pass {acc_numpy:.4f}, Keras {acc_keras:.4f}")
assert acc_numpy == acc_keras and acc_numpy >= 0.99, (acc_numpy, acc_keras)
