# # The digits network, drawn: 64 -> 25 -> 15 -> 1
#
# Every unit of the network as a dot, every weight as a line: 64 inputs (the pixels), 25 and 15
# sigmoid units, 1 output unit. Each unit of a Dense layer is connected to every unit of the layer
# before, so a layer of j units on n inputs has n x j weights and j biases. The program builds the
# Keras model, reads each layer's weight shapes, and draws from them.

import matplotlib.pyplot as plt
import numpy as np
import tensorflow as tf
from tensorflow.keras import Input, Sequential
from tensorflow.keras.layers import Dense

tf.keras.utils.set_random_seed(0)

model = Sequential([
    Input(shape=(64,)),
    Dense(25, activation="sigmoid"),
    Dense(15, activation="sigmoid"),
    Dense(1, activation="sigmoid"),
])
sizes = [model.layers[0].kernel.shape[0]] + [layer.units for layer in model.layers]
counts = [layer.kernel.shape[0] * layer.kernel.shape[1] + layer.bias.shape[0]
          for layer in model.layers]
print("units per layer:", " -> ".join(str(s) for s in sizes))
for k, c in enumerate(counts, start=1):
    print(f"layer {k}: {sizes[k - 1]} x {sizes[k]} weights + {sizes[k]} biases = {c}")
print(f"parameters: {sum(counts)} (model.count_params(): {model.count_params()})")
assert sizes == [64, 25, 15, 1] and counts == [1625, 390, 16]
assert sum(counts) == model.count_params() == 2031

fig, ax = plt.subplots(num="The digits network drawn from the Keras model: 64 inputs, 25 and 15 "
                           "sigmoid units, 1 output unit, every weight a line", figsize=(7, 6))
columns = [np.linspace(1, -1, n) if n > 1 else np.zeros(1) for n in sizes]
columns = [c * min(1.0, n / 25) for c, n in zip(columns, sizes)]  # fewer units, shorter column
lines = 0
for k in range(len(sizes) - 1):
    for y0 in columns[k]:
        for y1 in columns[k + 1]:
            ax.plot([k, k + 1], [y0, y1], color="tab:gray", linewidth=0.2, alpha=0.4)
            lines += 1
for k, (ys, n) in enumerate(zip(columns, sizes)):
    ax.scatter(np.full(n, k), ys, s=12 if n > 30 else 40, color="tab:blue", zorder=3)
    name = "input x" if k == 0 else ("output" if k == len(sizes) - 1 else f"layer {k}")
    ax.text(k, 1.12, f"{name}\n{n} unit{'s' if n > 1 else ''}", ha="center", va="bottom")
    if k > 0:
        ax.text(k - 0.5, -1.2, f"{counts[k - 1]} parameters", ha="center", va="top")
assert lines == 64 * 25 + 25 * 15 + 15 * 1  # one line per weight: 1990
ax.set_xlim(-0.4, len(sizes) - 0.6)
ax.set_ylim(-1.4, 1.4)
ax.axis("off")
plt.show()
