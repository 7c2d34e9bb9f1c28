# # Training with the derived gradients, from scratch, against Keras
#
# A small network, x -> 4 ReLU units -> 1 linear unit, trained on 32 examples of y = |x| plus
# noise with the course's squared-error cost (course 1, video *Cost function formula*),
# J = 1/(2m) sum (f(x) - y)^2. The gradients are the backward pass derived by hand; the loop is
# plain gradient descent on all examples at once.
#
# Keras trains the same network from the same initial weights with `SGD` and `batch_size=m`
# (each step on all m examples), in float64. Keras's `MeanSquaredError` has no 1/2, so its gradient is
# twice ours: a Keras learning rate of alpha / 2 takes exactly our step with alpha.

import numpy as np
import tensorflow as tf
from tensorflow.keras import Input, Sequential
from tensorflow.keras.layers import Dense
from tensorflow.keras.losses import MeanSquaredError
from tensorflow.keras.optimizers import SGD

tf.keras.utils.set_random_seed(0)
rng = np.random.default_rng(0)

m, alpha, steps = 32, 0.125, 300  # alpha / 2 = 0.0625 is exact in float32, the type of
# Keras's learning-rate variable (alpha = 0.1 would make it 0.05, which float32 rounds: the weights
# would then differ by about 1e-9 after 300 steps, and the check below would fail)
lr_keras = alpha / 2
print(f"Keras learning rate alpha / 2 = {lr_keras}, exact in float32: {float(np.float32(lr_keras)) == lr_keras}")
assert float(np.float32(lr_keras)) == lr_keras
x = rng.uniform(-2, 2, size=(m, 1))
y = np.abs(x) + rng.normal(scale=0.1, size=(m, 1))
# `fit` hands NumPy arrays to the model in float32 (Keras's default float type): values that are
# exact in float32 make that conversion lossless, so both runs see the same data.
x, y = x.astype(np.float32).astype(np.float64), y.astype(np.float32).astype(np.float64)

model = Sequential([
    Input(shape=(1,), dtype="float64"),
    Dense(4, activation="relu", dtype="float64"),
    Dense(1, activation="linear", dtype="float64"),
])
W1, b1, W2, b2 = (v.copy() for v in model.get_weights())  # the same starting point


def forward(W1, b1, W2, b2):
    z1 = x @ W1 + b1
    a1 = np.maximum(z1, 0)
    return z1, a1, a1 @ W2 + b2


def gradients(W1, b1, W2, b2):
    """The backward pass of J = 1/(2m) sum (f - y)^2, layer by layer."""
    z1, a1, f = forward(W1, b1, W2, b2)
    dJ_df = (f - y) / m                    # output node
    dJ_dW2 = a1.T @ dJ_df                  # f = a1 W2 + b2
    dJ_db2 = dJ_df.sum(axis=0)
    dJ_dz1 = (dJ_df @ W2.T) * (z1 > 0)     # back through W2, then ReLU's slope 0 or 1
    dJ_dW1 = x.T @ dJ_dz1
    dJ_db1 = dJ_dz1.sum(axis=0)
    return dJ_dW1, dJ_db1, dJ_dW2, dJ_db2


def cost(W1, b1, W2, b2):
    return float(np.mean((forward(W1, b1, W2, b2)[2] - y) ** 2) / 2)


J_start = cost(W1, b1, W2, b2)
print(f"cost at the start: {J_start:.6f}")
for _ in range(steps):
    dW1, db1, dW2, db2 = gradients(W1, b1, W2, b2)
    W1, b1, W2, b2 = W1 - alpha * dW1, b1 - alpha * db1, W2 - alpha * dW2, b2 - alpha * db2
J_scratch = cost(W1, b1, W2, b2)
print(f"cost after {steps} steps, from scratch: {J_scratch:.6f}")

# dtype="float64": a Keras loss computes in float32 unless told otherwise.
model.compile(optimizer=SGD(learning_rate=lr_keras), loss=MeanSquaredError(dtype="float64"))
# 300 epochs of one step each would spend most of their time starting epochs; one epoch over 300
# copies of the data, in batches of m without shuffling, is the same 300 steps on all m examples.
model.fit(np.tile(x, (steps, 1)), np.tile(y, (steps, 1)), epochs=1, batch_size=m, shuffle=False,
          verbose=0)
assert int(model.optimizer.iterations) == steps
J_keras = float(model.evaluate(x, y, verbose=0)) / 2  # MSE = 2 J
print(f"cost after {steps} steps, Keras SGD:    {J_keras:.6f}")

# The same weights. Both runs do the same float64 arithmetic up to the order of the sums, so
# they agree to within a few units of float64 rounding (printed below); the check uses relative
# 1e-9, absolute 1e-12.

largest = 0.0
for ours, theirs in zip((W1, b1, W2, b2), model.get_weights()):
    np.testing.assert_allclose(ours, theirs, rtol=1e-9, atol=1e-12)
    largest = max(largest, float(np.max(np.abs(ours - theirs))))
print(f"largest weight difference, scratch vs Keras: {largest:.1e}")
print("W1 =", np.array2string(W1.ravel(), precision=4), " W2 =", np.array2string(W2.ravel(), precision=4))
# `evaluate` reports the cost through a float32 metric: equal to relative 1e-6.
np.testing.assert_allclose(J_scratch, J_keras, rtol=1e-6)
assert J_scratch < 0.5 * J_start, (J_scratch, J_start)  # and the training did train
