# # The three steps, from scratch and in Keras: logistic regression
#
# Logistic regression on the 360 images of 0s and 1s, trained twice from the same start
# (w = 0, b = 0): once with NumPy (the model, the loss and cost, gradient descent written out),
# once with Keras (one sigmoid unit, `BinaryCrossentropy`, `fit`). Everything is float32 in both,
# so the two runs must agree to float32 round-off.

import numpy as np
import tensorflow as tf
from sklearn.datasets import load_digits
from tensorflow.keras import Input, Sequential
from tensorflow.keras.layers import Dense
from tensorflow.keras.losses import BinaryCrossentropy
from tensorflow.keras.optimizers import SGD

tf.keras.utils.set_random_seed(0)

X, y = load_digits(n_class=2, return_X_y=True)
X = (X / 16.0).astype(np.float32)  # (360, 64), pixels in [0, 1]
y = y.astype(np.float32)  # (360,), labels 0 and 1
m, n = X.shape
alpha = 0.5  # learning rate (a Python float keeps float32 arrays float32)
steps = 40  # steps of gradient descent

# --8<-- [start:numpy]
# ## NumPy from scratch

# Step 1: how to compute the output from x, w and b: f_wb(x) = g(w . x + b), g the sigmoid.

def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def f_wb(X, w, b):
    z = np.dot(X, w) + b  # one z per example (row of X)
    return sigmoid(z)


# Step 2: the loss of one example, and the cost J: the average loss over the m examples.

def loss(f_x, y):
    return -y * np.log(f_x) - (1 - y) * np.log(1 - f_x)


def cost(X, y, w, b):
    return np.mean(loss(f_wb(X, w, b), y))


# Step 3: gradient descent on J. For the sigmoid with this loss, dJ/dw_j = mean((f - y) x_j)
# and dJ/db = mean(f - y); w and b are updated together, each with its own derivative.

def gradients(X, y, w, b):
    err = f_wb(X, w, b) - y
    dj_dw = np.dot(X.T, err) / len(y)
    dj_db = np.mean(err)
    return dj_dw, dj_db


w, b = np.zeros(n, dtype=np.float32), np.float32(0.0)
for _ in range(steps):
    dj_dw, dj_db = gradients(X, y, w, b)
    w = w - alpha * dj_dw
    b = b - alpha * dj_db

J0 = cost(X, y, np.zeros(n, dtype=np.float32), np.float32(0.0))
J_np = cost(X, y, w, b)
print(f"NumPy: cost before {J0:.6f} (ln 2 = {np.log(2):.6f}), after {steps} steps {J_np:.6f}")
assert abs(J0 - np.log(2)) < 1e-6  # f = 0.5 for every example at w = 0, b = 0
assert J_np < 0.1 * J0, J_np  # gradient descent brought the cost down at least tenfold

# --8<-- [end:numpy]

# --8<-- [start:keras]
# ## Keras

# Step 1: the same model, one sigmoid unit, started from w = 0 and b = 0.

model = Sequential([
    Input(shape=(n,)),
    Dense(1, activation="sigmoid", kernel_initializer="zeros", bias_initializer="zeros"),
])

# Step 2: the same loss; Keras averages it over the examples of each batch (the cost).

model.compile(optimizer=SGD(learning_rate=alpha), loss=BinaryCrossentropy())

# Step 3: plain gradient descent (`SGD`) on the whole training set at once (`batch_size=m`, no
# shuffling): only then is one epoch exactly one step of gradient descent.

model.fit(X, y, epochs=steps, batch_size=m, shuffle=False, verbose=0)

W_k, b_k = model.get_weights()
J_k = float(model.evaluate(X, y, verbose=0))
print(f"Keras: optimizer steps {int(model.optimizer.iterations)}, cost after {J_k:.6f}")
assert int(model.optimizer.iterations) == steps

# --8<-- [end:keras]

# ## The two runs agree
#
# Same weights and same cost, to float32 round-off (tolerance printed).

diff_w = float(np.max(np.abs(W_k[:, 0] - w)))
diff_b = abs(float(b_k[0] - b))
print(f"largest |w_keras - w_numpy|: {diff_w:.1e}, |b_keras - b_numpy|: {diff_b:.1e} (tolerance 1e-6)")
np.testing.assert_allclose(W_k[:, 0], w, rtol=0, atol=1e-6)
np.testing.assert_allclose(b_k[0], b, rtol=0, atol=1e-6)
np.testing.assert_allclose(J_k, J_np, rtol=1e-5, atol=1e-6)

# Note A wrote the model as `1 / (1 + np.exp(z))`, without the minus sign: that is
# 1 - sigmoid(z), the probability of the *other* class.

z = np.float32(2.0)
print(f"sigmoid(2) = {sigmoid(z):.4f}; the note's 1/(1+exp(2)) = {1 / (1 + np.exp(z)):.4f}")
np.testing.assert_allclose(1 / (1 + np.exp(z)), 1 - sigmoid(z), rtol=0, atol=1e-7)

# Note A updates the bias with the derivative with respect to a weight,
# `b = b - alpha * dJ/dw_j`. From w = 0, b = 0, the first step of that update (for the weight
# with the largest derivative) lands far from the step along dJ/db.

dj_dw0, dj_db0 = gradients(X, y, np.zeros(n, dtype=np.float32), np.float32(0.0))
j = int(np.argmax(np.abs(dj_dw0)))
b_note, b_right = -alpha * dj_dw0[j], -alpha * dj_db0
print(f"first bias step: the note's b - alpha*dJ/dw_{j} = {b_note:.4f}, b - alpha*dJ/db = {b_right:.4f}")
assert abs(b_note - b_right) > 0.05, (b_note, b_right)
