# The 4-class example of the course's optional lab `C2_W2_Multiclass_TF`: points from four blobs
# (make_blobs, the lab's centres, spread and random_state; 400 points where the lab draws 100),
# classes 0..3. Two models, both with 4 linear outputs (the logits z_1..z_4) and the softmax
# inside the loss (from_logits=True, see the next page): softmax regression alone, and a network
# with a hidden layer of 8 ReLU units in front of it (the lab's has 2: see hidden_units.py). The
# predicted class is argmax_j z_j.

import matplotlib.pyplot as plt
import numpy as np
import tensorflow as tf
from matplotlib.colors import ListedColormap
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

models = {
    "softmax regression": Sequential([Input(shape=(2,)), Dense(4, activation="linear")]),
    "network 8 ReLU + 4": Sequential([Input(shape=(2,)), Dense(8, activation="relu"),
                                      Dense(4, activation="linear")]),
}

# Train both; print and check the held-out accuracy (the blobs overlap a little).

for name, model in models.items():
    model.compile(optimizer=tf.keras.optimizers.Adam(learning_rate=0.02),
                  loss=SparseCategoricalCrossentropy(from_logits=True))
    model.fit(X_train, y_train, epochs=15, batch_size=16, verbose=0)
    accuracy = np.mean(np.argmax(model(X_test), axis=1) == y_test)
    print(f"{name}: held-out accuracy {accuracy:.3f} on {len(y_test)} points")
    assert accuracy >= 0.95, (name, accuracy)

# Decision regions: colour every point of a grid by its predicted class.

xx, yy = np.meshgrid(np.linspace(-9, 9, 181), np.linspace(-6, 6, 121))
grid = np.c_[xx.ravel(), yy.ravel()]
colours = ListedColormap(["tab:blue", "tab:orange", "tab:green", "tab:red"])
fig, axes = plt.subplots(1, 2, figsize=(10, 4), sharey=True,
                         num="Decision regions of softmax regression and of a small network "
                             "on four blobs, with the held-out points")
for ax, (name, model) in zip(axes, models.items()):
    regions = np.argmax(model(grid), axis=1).reshape(xx.shape)
    ax.contourf(xx, yy, regions, levels=[-0.5, 0.5, 1.5, 2.5, 3.5], cmap=colours, alpha=0.25)
    for k in range(4):
        ax.scatter(*X_test[y_test == k].T, color=colours(k), edgecolors="k", s=25,
                   label=f"class {k}")
    ax.set_title(name)
    ax.set_xlabel("$x_1$")
axes[0].set_ylabel("$x_2$")
axes[0].legend(loc="lower left", fontsize="small")
plt.show()
