# # ReLU or sigmoid in the hidden layers: a measurement
#
# The same network (25 and 15 hidden units, 10 softmax outputs) on all ten digits of
# scikit-learn's 1797 images, built twice from the same initial weights, differing only in the
# hidden activation. Both are trained with plain mini-batch gradient descent (`SGD`, learning
# rate 0.3, batches of 64) for the same number of steps.
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

fig, ax = plt.subplots(num="Training cost per epoch of the same network with sigmoid and with "
                           "ReLU hidden layers, plain gradient descent", figsize=(6, 3.5))
for act, style in (("sigmoid", "o--"), ("relu", "s-")):
    ax.plot(range(1, epochs + 1), results[act][2].history["loss"], style, label=f"{act} hidden")
ax.axhline(math.log(10), color="gray", linewidth=0.8, label="ln 10 (uniform guess)")
ax.set_xlabel("epoch")
ax.set_ylabel("mean training loss in the epoch")
ax.set_ylim(bottom=0)
ax.legend()
plt.show()
