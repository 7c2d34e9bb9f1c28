# # Keras's `L2(l)` in the course's notation: l = lambda / (2m)
#
# `kernel_regularizer=L2(l)` adds l * sum(w^2), over that layer's weights, to the loss Keras
# minimises: the mean loss of the examples of a batch. The course's regularised cost (course 1,
# video *Cost function with regularization*) adds lambda / (2m) * sum(w^2) to the mean loss of
# the m training examples. On the whole training set the two are the same function of the
# weights when l = lambda / (2m), that is lambda = 2 m l.
#
# Checked on the network and the training images of from_logits/digits_classifier.py, at three
# random settings of the weights: the cost as Keras computes it (`evaluate` on all m images in
# one batch, float32), and the cost of *Cost function with regularization* written out in NumPy
# (float64) with lambda = 2 m l.

import numpy as np
import tensorflow as tf
from sklearn.datasets import load_digits
from sklearn.model_selection import train_test_split
from tensorflow.keras import Input, Sequential
from tensorflow.keras.layers import Dense
from tensorflow.keras.losses import SparseCategoricalCrossentropy
from tensorflow.keras.regularizers import L2

tf.keras.utils.set_random_seed(0)

# The classifier's training images: three quarters of scikit-learn's 1797 digits.

digits = load_digits()
train, _ = train_test_split(np.arange(len(digits.target)), test_size=0.25, random_state=0,
                            stratify=digits.target)
X, y = digits.data[train] / 16.0, digits.target[train]
m = len(X)
l2 = 1e-3  # l: L2(1e-3) on the two hidden layers, as in the classifier
lam = 2 * m * l2
print(f"m = {m} training images, L2({l2:g}): lambda = 2 m l = {lam:.3f}")
assert m == 1347


def network():
    return Sequential([
        Input(shape=(64,)),
        Dense(25, activation="relu", kernel_regularizer=L2(l2)),
        Dense(15, activation="relu", kernel_regularizer=L2(l2)),
        Dense(10, activation="linear"),
    ])


def course_cost(model):
    """(1/m) sum of the cross-entropy losses + lambda/(2m) sum of the squared hidden weights."""
    z = model.predict(X, batch_size=m, verbose=0).astype(np.float64)
    z_max = z.max(axis=1, keepdims=True)
    log_a = z - z_max - np.log(np.exp(z - z_max).sum(axis=1, keepdims=True))  # log softmax
    mean_loss = -np.mean(log_a[np.arange(m), y])
    squares = sum(np.sum(layer.kernel.numpy().astype(np.float64) ** 2) for layer in model.layers[:2])
    return mean_loss + lam / (2 * m) * squares, mean_loss, squares


# Three random settings of the weights (Keras's own initialisation, three times). Tolerance:
# relative 1e-6 (Keras sums in float32, whose rounding is about 6e-8 per operation).

worst = 0.0
for draw in range(3):
    model = network()
    model.compile(loss=SparseCategoricalCrossentropy(from_logits=True))
    keras = model.evaluate(X, y, batch_size=m, verbose=0)
    course, mean_loss, squares = course_cost(model)
    print(f"weights {draw + 1}: Keras's loss with L2 {keras:.6f}, course's cost {course:.6f};"
          f" Keras's penalty {keras - mean_loss:.6f} = l x sum w^2 = {l2 * squares:.6f}")
    np.testing.assert_allclose(keras, course, rtol=1e-6)
    np.testing.assert_allclose(keras - mean_loss, l2 * squares, rtol=1e-3)  # not l/2, not l/m
    assert l2 * squares > 1e-2 * keras  # a penalty large enough for the check to see it
    worst = max(worst, abs(keras - course) / course)
print(f"largest relative difference: {worst:.1e}")
