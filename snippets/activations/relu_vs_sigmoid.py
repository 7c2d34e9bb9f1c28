# # ReLU or sigmoid in the hidden layers: a measurement
#
# The same network (25 and 15 hidden units, 10 softmax outputs) on all ten digits of
# scikit-learn's 1797 images, built twice from the same initial weights, differing only in the
# hidden activation. Both are trained with mini-batch gradient descent (`SGD`, learning rate
# 0.3, batches of 64: each step uses the gradient of 64 examples) for the same number of steps.
#
# Two numbers per network: how large the gradient of the cost is for the first layer's weights
# at the start (the sigmoid's slope is at most 1/4 and close to 0 away from z = 0, and every
# layer multiplies it in), and the cost after training.

import math

import matplotlib.pyplot as plt
import numpy as np
import tensorflow as tf
from sklearn.datasets import load_digits
from tensorflow.keras import Input, Sequential
from tensorflow.keras.layers import Dense
from tensorflow.keras.losses import SparseCategoricalCrossentropy
from tensorflow.keras.optimizers import SGD

X, y = load_digits(return_X_y=True)
X, y = (X / 16.0).astype(np.float32), y.astype(np.int64)
epochs, batch_size = 6, 64
steps = epochs * math.ceil(len(X) / batch_size)


def build(hidden_activation):
    tf.keras.utils.set_random_seed(0)  # the same initial weights for both networks
    return Sequential([
        Input(shape=(64,)),
        Dense(25, activation=hidden_activation),
        Dense(15, activation=hidden_activation),
        Dense(10, activation="softmax"),
    ])


loss_fn = SparseCategoricalCrossentropy()
results = {}
for act in ("sigmoid", "relu"):
    model = build(act)
    with tf.GradientTape() as tape:
        cost = loss_fn(y, model(X))
    grad_W1 = tape.gradient(cost, model.layers[0].kernel)  # dJ/dW for the first layer
    model.compile(optimizer=SGD(learning_rate=0.3), loss=loss_fn)
    history = model.fit(X, y, epochs=epochs, batch_size=batch_size, verbose=0)
    assert int(model.optimizer.iterations) == steps
    results[act] = (float(tf.norm(grad_W1)), model.evaluate(X, y, verbose=0), history)
    print(f"{act:>7} hidden layers: |dJ/dW1| at the start {results[act][0]:.4f}, "
          f"cost after {steps} steps {results[act][1]:.4f}")
print(f"cost of a uniform guess over 10 classes: ln 10 = {math.log(10):.4f}")

grad_ratio = results["relu"][0] / results["sigmoid"][0]
cost_ratio = results["relu"][1] / results["sigmoid"][1]
print(f"ReLU / sigmoid: first-layer gradient {grad_ratio:.1f}x, cost after training {cost_ratio:.2f}x")
assert grad_ratio > 2, grad_ratio  # larger gradients reach the first layer
assert cost_ratio < 0.5, cost_ratio  # and the same number of steps gets much further
assert results["sigmoid"][1] > 0.8 * math.log(10)  # the sigmoid network is still near ln 10

# Which of the sigmoid's two handicaps is this? Its slope is at most 1/4, and it is flat far from
# z = 0. The share of its maximum slope that the units of each sigmoid layer use, g'(z) / (1/4)
# averaged over the layer's units and the 1797 images, says where they work: near 1, they sit in
# the steep middle, not in the flat regions. Measured for both hidden layers.


def layer_slopes(model):
    """g'(z) / (1/4) for every image (row) and every sigmoid unit (column), one array per layer."""
    a, slopes = X, []
    for layer in model.layers[:-1]:  # the two sigmoid hidden layers
        W, b = layer.get_weights()
        a = 1 / (1 + np.exp(-(a @ W + b)))
        slopes.append(a * (1 - a) / 0.25)
    return slopes


def first_layer_slopes(model):
    return layer_slopes(model)[0]


used = [s.mean() for s in layer_slopes(build("sigmoid"))]
print("share of the maximum slope the sigmoid units use at the start: "
      + ", ".join(f"layer {k} {u:.2f}" for k, u in enumerate(used, start=1)))
assert all(0.85 < u < 0.99 for u in used), used  # every sigmoid layer works in its steep middle

# Flat regions, isolated: the same sigmoid network with its first-layer weights multiplied by
# c = 1, 4, 8. The maximum slope stays 1/4; only where the units work changes: larger z, flatter
# sigmoid. A unit counts as flat on an image where its slope is below a tenth of the maximum.

print(f"{'c':>2} {'slope used':>11} {'flat share':>11} {'|dJ/dW1|':>9} {'6 flattest units':>17}"
      f" {'6 steepest units':>17}")
rows = []
for c in (1, 4, 8):
    model = build("sigmoid")
    W, b = model.layers[0].get_weights()
    model.layers[0].set_weights([c * W, b])
    with tf.GradientTape() as tape:
        cost = loss_fn(y, model(X))
    grad_W1 = tape.gradient(cost, model.layers[0].kernel).numpy()
    slope = first_layer_slopes(model)
    per_unit = slope.mean(axis=0)                          # each unit's average slope
    grad_per_unit = np.linalg.norm(grad_W1, axis=0)        # each unit's incoming-weight gradient
    order = np.argsort(per_unit)
    flat_g, steep_g = grad_per_unit[order[:6]].mean(), grad_per_unit[order[-6:]].mean()
    rows.append((slope.mean(), np.mean(slope < 0.1), np.linalg.norm(grad_W1), flat_g, steep_g))
    print(f"{c:2d} {rows[-1][0]:11.2f} {rows[-1][1]:11.2f} {rows[-1][2]:9.4f} {flat_g:17.5f}"
          f" {steep_g:17.5f}")
used_c, flat_c, grad_c, flat_g, steep_g = np.array(rows).T
shrink, flat_vs_steep = grad_c[2] / grad_c[0], flat_g[2] / steep_g[2]
print(f"at c = 8: |dJ/dW1| is {shrink:.2f}x its size at c = 1; "
      f"the flattest units get {flat_vs_steep:.2f}x the gradient of the steepest")
assert np.all(np.diff(used_c) < 0) and np.all(np.diff(flat_c) > 0)  # flatter as c grows
assert np.all(np.diff(grad_c) < 0) and shrink < 0.6, shrink         # smaller gradients
assert flat_vs_steep < 0.6, (flat_g, steep_g)                        # smallest where flat

fig, ax = plt.subplots(num="Training cost per epoch of the same network with sigmoid and with "
                           "ReLU hidden layers, mini-batch gradient descent", figsize=(6, 3.5))
for act, style in (("sigmoid", "o--"), ("relu", "s-")):
    ax.plot(range(1, epochs + 1), results[act][2].history["loss"], style, label=f"{act} hidden")
ax.axhline(math.log(10), color="gray", linewidth=0.8, label="ln 10 (uniform guess)")
ax.set_xlabel("epoch")
ax.set_ylabel("mean training loss in the epoch")
ax.set_ylim(bottom=0)
ax.legend()
plt.show()
