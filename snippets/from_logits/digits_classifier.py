# Handwritten digits 0-9 with 10 linear outputs and `from_logits=True`: the recommended way to
# train a softmax classifier in Keras. The network outputs the logits z_1..z_10; the loss applies
# the softmax itself, in a numerically stable form; at prediction time we apply `tf.nn.softmax`.

import matplotlib.pyplot as plt
import numpy as np
import tensorflow as tf
from sklearn.datasets import load_digits
from sklearn.metrics import ConfusionMatrixDisplay, confusion_matrix
from sklearn.model_selection import train_test_split
from tensorflow.keras import Input, Sequential
from tensorflow.keras.layers import Dense
from tensorflow.keras.losses import SparseCategoricalCrossentropy
from tensorflow.keras.regularizers import L2

tf.keras.utils.set_random_seed(0)

# The data: 1797 images of 8 x 8 pixels (values 0-16) from scikit-learn, labels 0..9.
# A quarter is held out, with every digit in the same proportion (stratify). Pixels are scaled to
# 0..1, then standardised with the mean and spread of the training images only (+ 0.1: some border
# pixels are 0 in every image, with spread 0).

digits = load_digits()
train, test = train_test_split(np.arange(len(digits.target)), test_size=0.25, random_state=0,
                               stratify=digits.target)
X, y = digits.data / 16.0, digits.target
X_train, y_train, X_test, y_test = X[train], y[train], X[test], y[test]
mean, spread = X_train.mean(axis=0), X_train.std(axis=0) + 0.1
X_train, X_test = (X_train - mean) / spread, (X_test - mean) / spread
print(f"images: {len(X)} of {digits.images.shape[1]}x{digits.images.shape[2]} pixels")
assert len(X) == 1797 and digits.images.shape[1:] == (8, 8)
print(f"training images: {len(X_train)}, held-out images: {len(X_test)}")
assert (len(X_train), len(X_test)) == (1347, 450)

# The model: 25 and 15 ReLU units, then 10 units with a *linear* activation. Their outputs are
# the logits z, not probabilities. A small L2 penalty on the hidden weights works against fitting
# the 1347 training images too closely. The loss is told that it receives logits: `from_logits=True`.

model = Sequential([
    Input(shape=(64,)),
    Dense(25, activation="relu", kernel_regularizer=L2(1e-3)),
    Dense(15, activation="relu", kernel_regularizer=L2(1e-3)),
    Dense(10, activation="linear"),
])
model.compile(optimizer=tf.keras.optimizers.Adam(learning_rate=3e-3),
              loss=SparseCategoricalCrossentropy(from_logits=True))
# Right after `compile` the weights are still the random ones they started with, and the model
# gets fewer than half of the held-out digits right (asserted; printed below). Only `fit` trains it.

untrained = np.mean(np.argmax(model(X_test), axis=1) == y_test)
assert untrained < 0.5, untrained
history = model.fit(X_train, y_train, epochs=30, batch_size=32, verbose=0)
assert history.history["loss"][-1] < history.history["loss"][0]

# Predictions: the model returns logits; `tf.nn.softmax` turns them into probabilities that sum
# to 1. The predicted class is the same either way: every a_j has the same denominator and e^z
# grows with z, so the largest logit has the largest probability, and argmax needs no softmax.

logits = model(X_test)
print(f"model(X_test) has shape {tuple(logits.shape)}: the 10 logits z per image"
      f" (X_test has shape {X_test.shape})")
assert logits.shape == (len(X_test), 10) and X_test.shape[1] == 64
probabilities = tf.nn.softmax(logits).numpy()
print(f"first held-out image: label {y_test[0]}, "
      f"P(y={np.argmax(probabilities[0])}|x) = {probabilities[0].max():.3f}")
np.testing.assert_allclose(probabilities.sum(axis=1), 1.0, rtol=0, atol=1e-5)
predicted = np.argmax(logits, axis=1)
assert np.array_equal(predicted, np.argmax(probabilities, axis=1))

# Held-out accuracy: the share of the 450 unseen images whose predicted digit is right.

accuracy = np.mean(predicted == y_test)
print(f"held-out accuracy: {accuracy:.4f} ({np.sum(predicted != y_test)} mistakes)")
assert accuracy >= 0.96, accuracy
print(f"held-out accuracy of model(X) right after compile: {untrained:.4f}, after fit: {accuracy:.4f}")

# Where the mistakes are: the confusion matrix counts, for each true digit (row), how often each
# digit was predicted (column). The diagonal holds the correct predictions.

fig, ax = plt.subplots(figsize=(5.5, 5), num="Confusion matrix of the digits classifier on the "
                                              "450 held-out images: true digit by predicted digit")
ConfusionMatrixDisplay(confusion_matrix(y_test, predicted), display_labels=range(10)).plot(
    ax=ax, colorbar=False)
ax.set_title(f"held-out accuracy {accuracy:.1%}")
plt.show()

# And the misclassified images themselves (up to 12), each titled "true → predicted".

wrong = np.flatnonzero(predicted != y_test)[:12]
if wrong.size:
    fig, axes = plt.subplots(1, wrong.size, figsize=(1.1 * wrong.size, 1.6), squeeze=False,
                             num="Misclassified held-out digits, each titled true digit → predicted digit")
    for ax, i in zip(axes[0], wrong):
        ax.imshow(digits.images[test[i]], cmap="gray_r")
        ax.set_title(f"{y_test[i]} → {predicted[i]}")
        ax.axis("off")
    plt.show()
