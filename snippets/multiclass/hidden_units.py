# # What each hidden ReLU unit computes
#
# The network of the course's optional lab `C2_W2_Multiclass_TF` for the four blobs: a hidden
# layer of 2 ReLU units and 4 linear outputs (the logits), the softmax inside the loss. Unit j of
# the hidden layer computes a_j = ReLU(w_j . x + b_j): 0 on one side of the straight line
# w_j . x + b_j = 0 (its zero line), and growing in proportion to the distance from that line on
# the other side. The program trains the network, prints each unit's line and on which points of each class
# the unit is active, and draws each unit's value over the input plane, as the lab does. Its
# training settings are the site's (Adam at 0.02 for 40 epochs on 300 points; the lab: 0.01 for
# 200 epochs on 100).

import matplotlib.pyplot as plt
import numpy as np
import tensorflow as tf
from sklearn.datasets import make_blobs
from sklearn.model_selection import train_test_split
from tensorflow.keras import Input, Sequential
from tensorflow.keras.layers import Dense
from tensorflow.keras.losses import SparseCategoricalCrossentropy

tf.keras.utils.set_random_seed(0)
centers = [[-5, 2], [-2, -2], [1, 2], [5, -2]]
X, y = make_blobs(n_samples=400, centers=centers, cluster_std=1.0, random_state=30)
X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.25, random_state=0,
                                                    stratify=y)

model = Sequential([
    Input(shape=(2,)),
    Dense(2, activation="relu", name="L1"),
    Dense(4, activation="linear", name="L2"),
])
model.compile(optimizer=tf.keras.optimizers.Adam(learning_rate=0.02),
              loss=SparseCategoricalCrossentropy(from_logits=True))
model.fit(X_train, y_train, epochs=40, batch_size=32, verbose=0)
accuracy = np.mean(np.argmax(model.predict(X_test, verbose=0), axis=1) == y_test)
print(f"held-out accuracy with 2 hidden units: {accuracy:.3f}")
assert accuracy >= 0.70, accuracy  # 0.75 to 0.98 over seeds 0-11: 2 units do not always find 4 regions

# Each unit is ReLU of a linear function of x: the first layer's output equals it.

W, b = model.get_layer("L1").get_weights()            # W: (2 inputs, 2 units), b: (2,)
hidden = tf.keras.Model(model.inputs, model.get_layer("L1").output)
A = hidden.predict(X, verbose=0)
np.testing.assert_allclose(A, np.maximum(X @ W + b, 0), rtol=1e-5, atol=1e-5)
for j in range(2):
    print(f"unit {j}: a = ReLU({W[0, j]:+.2f} x1 {W[1, j]:+.2f} x2 {b[j]:+.2f})")

# On which points of each class is each unit active (a > 0)? Each unit's zero line runs
# between the blobs: for each unit there is a class on at least 90 % of whose points it is 0,
# and another on at least 90 % of whose points it is positive.

active = np.array([[np.mean(A[y == k, j] > 0) for k in range(4)] for j in range(2)])
print("fraction of each class's points where the unit is active:")
print("         " + "  ".join(f"class {k}" for k in range(4)))
for j in range(2):
    print(f"unit {j}:  " + "  ".join(f"{f:7.2f}" for f in active[j]))
    assert active[j].min() <= 0.10 and active[j].max() >= 0.90, active[j]

# The picture: each unit's value over the plane (unshaded where it is 0), its zero line, and the
# points coloured by class.

xx, yy = np.meshgrid(np.linspace(-9, 9, 181), np.linspace(-6, 6, 121))
grid = np.c_[xx.ravel(), yy.ravel()]
values = np.maximum(grid @ W + b, 0)
colours = ["tab:blue", "tab:orange", "tab:green", "tab:red"]
fig, axes = plt.subplots(1, 2, figsize=(11, 4.2), sharey=True,
                         num="The value of each of the 2 hidden ReLU units over the input plane, "
                             "with its zero line and the four classes of points")
for j, ax in enumerate(axes):
    value = values[:, j].reshape(xx.shape)
    shading = ax.contourf(xx, yy, np.where(value > 0, value, np.nan), levels=12, cmap="Purples",
                          alpha=0.6)
    ax.contour(xx, yy, (grid @ W[:, j] + b[j]).reshape(xx.shape), levels=[0], colors="k",
               linewidths=2)
    for k in range(4):
        ax.scatter(*X[y == k].T, color=colours[k], edgecolors="k", linewidths=0.3, s=14,
                   label=f"class {k}")
    ax.set_title(f"unit {j}: shaded where a > 0\nthick line: w . x + b = 0, its zero line")
    ax.set_xlabel("$x_1$")
    fig.colorbar(shading, ax=ax, label=f"value of unit {j}")
axes[0].set_ylabel("$x_2$")
axes[0].legend(loc="lower left", fontsize="small")
plt.show()
