# # From logits to probabilities, for one example
#
# Softmax regression on the ten digits (one Dense layer of 10 units on the 64 pixels, trained with
# `from_logits=True`), then one held-out image: its ten logits z_j, and the softmax of them,
# a_j = e^{z_j} / sum_k e^{z_k}. The logits can be any numbers, negative ones included; the
# probabilities are positive and sum to 1, and the largest logit gets the largest probability.

import matplotlib.pyplot as plt
import numpy as np
import tensorflow as tf
from sklearn.datasets import load_digits
from tensorflow.keras import Input, Sequential
from tensorflow.keras.layers import Dense
from tensorflow.keras.losses import SparseCategoricalCrossentropy

tf.keras.utils.set_random_seed(0)

X, y = load_digits(return_X_y=True)
X = (X / 16.0).astype(np.float32)
order = np.random.default_rng(0).permutation(len(X))
train, test = order[:1400], order[1400:]
model = Sequential([Input(shape=(64,)), Dense(10)])  # linear outputs: the logits
model.compile(optimizer=tf.keras.optimizers.Adam(learning_rate=0.01),
              loss=SparseCategoricalCrossentropy(from_logits=True))
model.fit(X[train], y[train], epochs=10, verbose=0)

# One held-out image: of those the model classifies right, the one it is least sure about (with
# a confident example, one bar would hide the nine others). Its logits come from the model, the
# probabilities from `tf.nn.softmax` and, as a check, from the formula in NumPy (agreement to 1e-6).

Z = model(X[test]).numpy()
P = tf.nn.softmax(Z).numpy()
right = np.flatnonzero(np.argmax(Z, axis=1) == y[test])
i = right[np.argmin(P[right].max(axis=1))]
z, a, label = Z[i], P[i], y[test[i]]
a_numpy = np.exp(z - z.max()) / np.sum(np.exp(z - z.max()))
np.testing.assert_allclose(a, a_numpy, rtol=1e-6, atol=1e-7)
print(f"true digit: {label}")
for j in range(10):
    print(f"digit {j}: z = {z[j]:7.3f}   a = {a[j]:.4f}")
print(f"sum of a: {a.sum():.6f}; largest logit and largest probability: digit {np.argmax(z)}")
assert z.min() < 0                            # logits can be negative, probabilities cannot
assert np.all(a > 0) and abs(a.sum() - 1) < 1e-6
assert np.argmax(z) == np.argmax(a) == label
accuracy = len(right) / len(test)
print(f"held-out accuracy of this softmax regression: {accuracy:.3f}")
assert accuracy > 0.9, accuracy

fig, (ax1, ax2, ax3) = plt.subplots(
    1, 3, figsize=(10, 3), width_ratios=[1, 2.5, 2.5],
    num="One held-out digit, the ten logits the model computes for it, and their softmax "
        "probabilities as bars")
ax1.imshow(X[test[i]].reshape(8, 8), cmap="gray_r")
ax1.set_title(f"image (a {label})")
ax1.axis("off")
ax2.bar(range(10), z, color=["tab:orange" if j == np.argmax(z) else "tab:blue" for j in range(10)])
ax2.axhline(0, color="gray", linewidth=0.8)
ax2.set_title("logits z_j (any sign)")
ax3.bar(range(10), a, color=["tab:orange" if j == np.argmax(a) else "tab:blue" for j in range(10)])
ax3.set_ylim(0, 1)
ax3.set_title("softmax a_j (sum to 1)")
for ax in (ax2, ax3):
    ax.set_xticks(range(10))
    ax.set_xlabel("digit j")
plt.show()
