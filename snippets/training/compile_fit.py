# # What `compile` and `fit` really do
#
# Three facts the notes get wrong or leave out, each measured here:
# `compile` without `optimizer=` picks RMSprop, not gradient descent; `fit` cuts the data into
# mini-batches of 32, so one epoch is many steps; and the loss is per example while the number
# Keras minimises and reports is the cost, the average loss.

import math

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
m = len(X)

# ## 1. No optimizer given: RMSprop
#
# One sigmoid unit started at w = 0, b = 0, compiled with a loss only, and trained for one step
# on all m images at once. Gradient descent would move each weight by lr * dJ/dw_j. RMSprop
# (Keras defaults: lr = 0.001, rho = 0.9, epsilon = 1e-7) keeps a running average v of squared
# gradients, v = 0.9 v + 0.1 g^2, and moves each weight by lr * g / sqrt(v + epsilon): on the
# first step about lr * sqrt(10) = 0.0032 for every weight whose gradient is not tiny, large
# or small.

model = Sequential([Input(shape=(64,)), Dense(1, activation="sigmoid", kernel_initializer="zeros")])
model.compile(loss=BinaryCrossentropy())  # no optimizer=...
print(f"optimizer: {type(model.optimizer).__name__}, "
      f"learning rate {float(model.optimizer.learning_rate):.4f}")
assert type(model.optimizer).__name__ == "RMSprop"
lr, rho, eps = float(model.optimizer.learning_rate), model.optimizer.rho, model.optimizer.epsilon

model.fit(X, y, epochs=1, batch_size=m, shuffle=False, verbose=0)
w_keras = model.get_weights()[0][:, 0]

g = np.dot(X.T, 0.5 - y) / m  # dJ/dw at w = 0, b = 0 (every f is 0.5)
step_rmsprop = lr * g / np.sqrt((1 - rho) * g**2 + eps)
step_gd = lr * g
print(f"largest weight change: fit {np.max(np.abs(w_keras)):.6f}, RMSprop formula "
      f"{np.max(np.abs(step_rmsprop)):.6f}, gradient descent {np.max(np.abs(step_gd)):.6f}")
np.testing.assert_allclose(w_keras, -step_rmsprop, rtol=1e-5, atol=1e-6)  # it is RMSprop
assert np.max(np.abs(w_keras + step_gd)) > 1e-3  # and not gradient descent
not_tiny = np.abs(g) > 0.01
moves = np.abs(w_keras[not_tiny]) / (lr * np.sqrt(10))
print(f"{not_tiny.sum()} weights with |dJ/dw| > 0.01: each moved by {moves.min():.3f} to "
      f"{moves.max():.3f} times lr * sqrt(10), whatever the size of its gradient")
assert 0.99 < moves.min() and moves.max() <= 1.0

# ## 2. Epochs are passes over the data, not steps
#
# `fit` uses mini-batches of 32 by default: one epoch over m = 360 images is ceil(360 / 32) = 12
# steps of the optimizer. `model.optimizer.iterations` counts the steps.

net = Sequential([
    Input(shape=(64,)),
    Dense(25, activation="sigmoid"),
    Dense(15, activation="sigmoid"),
    Dense(1, activation="sigmoid"),
])
net.compile(loss=BinaryCrossentropy())
history = net.fit(X, y, epochs=5, verbose=0)
epochs, steps = len(history.history["loss"]), int(net.optimizer.iterations)
print(f"epochs: {epochs}, optimizer steps: {steps} = {epochs} x ceil({m} / 32)")
assert epochs == 5 and steps == 5 * math.ceil(m / 32) == 60

# ## 3. Loss and cost
#
# The loss L is one number per example; the cost J is their average. A Keras loss object
# returns the cost by default, and the per-example losses with `reduction=None`;
# `evaluate` returns the cost over the whole set.

p = net.predict(X, verbose=0)  # f(x) for every image, shape (360, 1)
losses = BinaryCrossentropy(reduction=None)(y.reshape(-1, 1), p).numpy()  # shape (360,)
J = float(BinaryCrossentropy()(y.reshape(-1, 1), p))
J_numpy = np.mean(-y * np.log(p[:, 0]) - (1 - y) * np.log(1 - p[:, 0]))
J_evaluate = net.evaluate(X, y, verbose=0)
print(f"{losses.shape[0]} losses, from {losses.min():.4f} to {losses.max():.4f}")
print(f"cost: mean of losses {losses.mean():.6f}, loss object {J:.6f}, "
      f"NumPy {J_numpy:.6f}, evaluate {J_evaluate:.6f}")
assert losses.shape == (m,)
np.testing.assert_allclose([J, J_numpy, J_evaluate], losses.mean(), rtol=1e-5, atol=1e-6)
