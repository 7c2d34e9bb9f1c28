# # The multi-label network, drawn: hidden layers, then three sigmoid units
#
# One network answers the three questions at once: the input x (the picture's features), two
# hidden layers, and an output layer (layer 3) of three units, one per question, each with a
# sigmoid: a^[3]_1 = P(car), a^[3]_2 = P(bus), a^[3]_3 = P(pedestrian). The sizes of x and of the
# hidden layers are chosen small enough to draw. The program builds the Keras model, checks that
# each output is a sigmoid of its own z, and draws the network from the model's weight shapes.

import matplotlib.pyplot as plt
import numpy as np
import tensorflow as tf
from tensorflow.keras import Input, Sequential
from tensorflow.keras.layers import Dense

tf.keras.utils.set_random_seed(0)

model = Sequential([
    Input(shape=(8,)),
    Dense(6, activation="relu"),
    Dense(4, activation="relu"),
    Dense(3, activation="sigmoid"),   # layer 3: a^[3]_1, a^[3]_2, a^[3]_3
])
sizes = [model.layers[0].kernel.shape[0]] + [layer.units for layer in model.layers]
print("units per layer:", " -> ".join(str(s) for s in sizes))
assert sizes[-1] == 3 and len(model.layers) == 3

# Each output unit is its own sigmoid: a^[3]_j = g(z^[3]_j), computed from the same a^[2].
x = np.random.default_rng(0).normal(size=(1, sizes[0])).astype("float32")
a2 = model.layers[1](model.layers[0](x))
z3 = (a2 @ model.layers[2].kernel + model.layers[2].bias).numpy()[0]
a3 = model(x).numpy()[0]
np.testing.assert_allclose(a3, 1 / (1 + np.exp(-z3)), rtol=0, atol=1e-6)  # float32: to 1e-6
names = ["car", "bus", "pedestrian"]
print("for one random x, before any training:")
for j, (name, p) in enumerate(zip(names, a3), start=1):
    print(f"a[3]_{j} = g(z[3]_{j}) = {p:.4f}   (the answer to: {name}?)")
print(f"sum of the three: {a3.sum():.4f} (nothing makes it 1: three separate answers)")

fig, ax = plt.subplots(num="The multi-label network: the input x, two hidden layers, and an output "
                           "layer of three sigmoid units a[3]_1 (car), a[3]_2 (bus), a[3]_3 (pedestrian)",
                       figsize=(7, 4.5))
columns = [np.linspace(1, -1, n) * min(1.0, n / 8) for n in sizes]
for k in range(len(sizes) - 1):
    for y0 in columns[k]:
        for y1 in columns[k + 1]:
            ax.plot([k, k + 1], [y0, y1], color="tab:gray", linewidth=0.6, alpha=0.5)
for k, ys in enumerate(columns):
    ax.scatter(np.full(len(ys), k), ys, s=90, color="tab:blue", zorder=3)
labels = ["input\n$\\vec x$", "layer 1\n$\\vec a^{[1]}$", "layer 2\n$\\vec a^{[2]}$",
          "layer 3 (sigmoid)\n$\\vec a^{[3]}$"]
for k, label in enumerate(labels):
    ax.text(k, 1.12, label, ha="center", va="bottom")
for j, (y, name) in enumerate(zip(columns[-1], names), start=1):
    ax.text(len(sizes) - 1 + 0.12, y, f"$a^{{[3]}}_{j}$: {name}?", ha="left", va="center")
ax.set_xlim(-0.4, len(sizes) - 0.1)
ax.set_ylim(-1.25, 1.5)
ax.axis("off")
plt.show()
