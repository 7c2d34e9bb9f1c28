# Fewer examples: a Dense network vs convolutional networks
#
# A made-up EKG task: 100-sample signals with one heartbeat at a random position.
# Label 0: a normal beat (one narrow spike). Label 1: an abnormal beat (the spike
# followed by an inverted wave). Only 50 training examples; 2000 test examples.

import matplotlib.pyplot as plt
import numpy as np
import tensorflow as tf
from tensorflow.keras import Input, Sequential
from tensorflow.keras.layers import Conv1D, Dense, Flatten, GlobalMaxPooling1D

tf.keras.utils.set_random_seed(0)
rng = np.random.default_rng(0)
n = np.arange(100)


def make_data(m):
    y = rng.integers(0, 2, size=m)
    X = 0.1 * rng.normal(size=(m, 100))
    for i, c in enumerate(rng.uniform(10, 90, size=m)):   # beat position
        X[i] += np.exp(-0.5 * ((n - c) / 1.5) ** 2)
        if y[i] == 1:
            X[i] -= 0.6 * np.exp(-0.5 * ((n - c - 6) / 2.0) ** 2)
    return X.astype("float32")[..., None], y.astype("float32")  # X: (m, 100, 1)


X_train, y_train = make_data(50)
X_test, y_test = make_data(2000)

# Three networks. A Dense network; the EKG network of the course's video
# *Additional Layer Types* (Conv1D of 20-sample windows at stride 10, then 5-window
# Conv1D at stride 2; 8 filters each, where the video has one unit per window);
# and a ConvNet whose 8
# filters of 15 samples slide over every position, followed by the maximum over
# positions ("is the pattern anywhere in the signal?").

networks = {
    "Dense 25-15-1": Sequential([
        Input(shape=(100, 1)), Flatten(),
        Dense(25, activation="relu"), Dense(15, activation="relu"),
        Dense(1, activation="sigmoid")]),
    "course EKG ConvNet": Sequential([
        Input(shape=(100, 1)),
        Conv1D(8, kernel_size=20, strides=10, activation="relu"),
        Conv1D(8, kernel_size=5, strides=2, activation="relu"),
        Flatten(), Dense(1, activation="sigmoid")]),
    "ConvNet + max pooling": Sequential([
        Input(shape=(100, 1)),
        Conv1D(8, kernel_size=15, activation="relu"), GlobalMaxPooling1D(),
        Dense(1, activation="sigmoid")]),
}

# Each is trained the same way: 300 full-batch steps of Adam (learning rate 0.01) on
# the binary cross-entropy. (A hand-written loop: faster than `fit` for 50 examples.)

def train(model, steps=300):
    opt = tf.keras.optimizers.Adam(learning_rate=0.01)
    loss_fn = tf.keras.losses.BinaryCrossentropy()

    @tf.function
    def step():
        with tf.GradientTape() as tape:
            loss = loss_fn(y_train, model(X_train, training=True))
        grads = tape.gradient(loss, model.trainable_variables)
        opt.apply_gradients(zip(grads, model.trainable_variables))

    for _ in range(steps):
        step()


def accuracy(model, X, y):
    return float(np.mean((model(X).numpy()[:, 0] > 0.5) == y))


result = {}
for name, model in networks.items():
    train(model)
    result[name] = (model.count_params(), accuracy(model, X_train, y_train),
                    accuracy(model, X_test, y_test))
    print(f"{name:22s}: {result[name][0]:5d} parameters, training accuracy "
          f"{result[name][1]:.3f}, test accuracy {result[name][2]:.3f}")

dense, course, pooled = (result[k] for k in networks)
assert dense[0] > 5 * course[0] > 5 * pooled[0]               # parameters
assert min(dense[1], course[1], pooled[1]) >= 0.95            # all fit the 50 examples
assert dense[2] <= 0.9 and pooled[2] >= 0.95                  # Dense overfits, pooled does not
assert dense[2] < course[2] < pooled[2] - 0.05                # windows alone are not enough

# Two training examples of each label.

fig, axes = plt.subplots(
    1, 2, figsize=(9, 2.8), sharey=True,
    num="Two training signals of each label: normal beats (a narrow spike) and abnormal "
        "beats (a spike followed by an inverted wave), at random positions",
)
for ax, label in zip(axes, (0, 1)):
    for i in np.flatnonzero(y_train == label)[:2]:
        ax.plot(n + 1, X_train[i, :, 0], lw=1)
    ax.set_title(["label 0: normal beat", "label 1: abnormal beat"][label], fontsize=10)
    ax.set_xlabel("sample")
fig.tight_layout()
plt.show()
