# # What the network predicts per label, and what the 0.5 threshold does
#
# The car / bus / pedestrian network of this page, trained the same way on scenes generated the
# same way, except that the sensor noise is larger (scale 0.8 instead of 0.5): on the page's
# scenes the three labels are so well separated that almost any threshold gets them right, and
# the threshold would have nothing to decide.
#
# First a picture of the outputs: for each label, the predicted probabilities of the held-out
# scenes that contain the object and of those that do not. Then the threshold: a label is
# predicted present when its probability is at least t (0.5 so far). For each label and each t
# from 0.05 to 0.95 the program computes
#
# - precision: of the scenes where the label is predicted, the share that really contain it;
# - recall: of the scenes that contain it, the share where it is predicted.
#
# Raising t never predicts a label more often: recall never rises, and precision usually rises.

import matplotlib.pyplot as plt
import numpy as np
import tensorflow as tf
from tensorflow.keras import Input, Sequential
from tensorflow.keras.layers import Dense
from tensorflow.keras.losses import BinaryCrossentropy

tf.keras.utils.set_random_seed(0)
rng = np.random.default_rng(0)
names = ["car", "bus", "pedestrian"]

m, n = 1200, 8
Y = (rng.random((m, 3)) < [0.5, 0.3, 0.4]).astype("float32")
signatures = np.array([[2.0, 1.0, 0.0, 0.0, 1.0, 0.0, 0.0, 0.0],      # car
                       [1.0, 2.0, 2.0, 0.0, 0.0, 0.0, 1.0, 0.0],      # bus
                       [0.0, 0.0, 0.0, 2.0, 1.0, 2.0, 0.0, 1.0]])     # pedestrian
X = (Y @ signatures + rng.normal(scale=0.8, size=(m, n))).astype("float32")  # noisier
X_train, X_test, Y_train, Y_test = X[:900], X[900:], Y[:900], Y[900:]

model = Sequential([Input(shape=(n,)), Dense(16, activation="relu"), Dense(3, activation="linear")])
model.compile(optimizer=tf.keras.optimizers.Adam(learning_rate=0.01),
              loss=BinaryCrossentropy(from_logits=True))
model.fit(X_train, Y_train, epochs=20, batch_size=32, verbose=0)
P = tf.nn.sigmoid(model(X_test)).numpy()

# The probabilities per label, split by the truth: a good label has its "present" scenes near 1
# and its "absent" scenes near 0, with few on the wrong side of 0.5.

fig, axes = plt.subplots(1, 3, figsize=(10, 3), sharey=True,
                         num="Predicted probability of each label on the 300 held-out scenes, "
                             "for scenes with and without the object, and the 0.5 threshold")
bins = np.linspace(0, 1, 21)
for j, (ax, name) in enumerate(zip(axes, names)):
    present = Y_test[:, j] == 1
    ax.hist(P[present, j], bins=bins, alpha=0.7, label=f"{name} present")
    ax.hist(P[~present, j], bins=bins, alpha=0.7, label=f"no {name}")
    ax.axvline(0.5, color="black", linewidth=0.8)
    ax.set_xlabel(f"P({name} | x)")
    ax.legend(fontsize=8)
    wrong = np.sum((P[:, j] >= 0.5) != present)
    print(f"{name:10s}: {present.sum():3d} scenes with it, {np.sum(~present):3d} without, "
          f"{wrong} on the wrong side of 0.5")
axes[0].set_ylabel("held-out scenes")
plt.show()

thresholds = np.round(np.arange(0.05, 0.96, 0.05), 2)
precision = np.zeros((3, len(thresholds)))
recall = np.zeros((3, len(thresholds)))
for j in range(3):
    truth = Y_test[:, j] == 1
    for k, t in enumerate(thresholds):
        predicted = P[:, j] >= t
        precision[j, k] = np.sum(predicted & truth) / max(np.sum(predicted), 1)
        recall[j, k] = np.sum(predicted & truth) / np.sum(truth)

print(f"{'label':10s} {'t':>5} {'precision':>10} {'recall':>8}")
for j, name in enumerate(names):
    for t in (0.1, 0.5, 0.9):
        k = int(np.flatnonzero(thresholds == t)[0])
        print(f"{name:10s} {t:5.2f} {precision[j, k]:10.3f} {recall[j, k]:8.3f}")

# The checks: recall never rises with t (a larger t predicts a subset of the scenes); from
# t = 0.1 to 0.9, for every label, precision rises and recall falls, each by more than 0.02;
# at 0.5 both are at least 0.75 for every label.

k01, k05, k09 = (int(np.flatnonzero(thresholds == t)[0]) for t in (0.1, 0.5, 0.9))
assert np.all(np.diff(recall, axis=1) <= 0)
assert np.all(precision[:, k09] > precision[:, k01] + 0.02), precision[:, [k01, k09]]
assert np.all(recall[:, k09] < recall[:, k01] - 0.02), recall[:, [k01, k09]]
assert np.all(precision[:, k05] >= 0.75) and np.all(recall[:, k05] >= 0.75), (precision[:, k05], recall[:, k05])

fig, axes = plt.subplots(1, 3, figsize=(10, 3), sharey=True,
                         num="Precision and recall of each label on the held-out scenes as the "
                             "threshold moves from 0.05 to 0.95")
for j, (ax, name) in enumerate(zip(axes, names)):
    ax.plot(thresholds, precision[j], "o-", markersize=3, label="precision")
    ax.plot(thresholds, recall[j], "s-", markersize=3, label="recall")
    ax.axvline(0.5, color="black", linewidth=0.8)
    ax.set_title(name)
    ax.set_xlabel("threshold t")
    ax.legend(fontsize=8)
axes[0].set_ylim(0, 1.02)
plt.show()
