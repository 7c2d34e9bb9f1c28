# Softmax regression with N = 2 classes is logistic regression.
# a_2 = e^{z_2} / (e^{z_1} + e^{z_2}) = 1 / (1 + e^{-(z_2 - z_1)}) = g(z_2 - z_1), so a softmax model
# with (w_1, b_1), (w_2, b_2) gives the same probabilities as a logistic model with
# w = w_2 - w_1 and b = b_2 - b_1. We train a 2-unit softmax model and check this numerically.

import numpy as np
import tensorflow as tf
from sklearn.datasets import make_blobs
from tensorflow.keras import Input, Sequential
from tensorflow.keras.layers import Dense
from tensorflow.keras.losses import BinaryCrossentropy, SparseCategoricalCrossentropy

tf.keras.utils.set_random_seed(0)
X, y = make_blobs(n_samples=200, centers=[[-1, -1], [1, 1]], cluster_std=1.0, random_state=1)
X = X.astype("float32")

# Softmax regression with two output units (class indices 0 and 1), trained on the data.

softmax_model = Sequential([Input(shape=(2,)), Dense(2, activation="linear")])
softmax_model.compile(optimizer=tf.keras.optimizers.Adam(learning_rate=0.05),
                      loss=SparseCategoricalCrossentropy(from_logits=True))
softmax_model.fit(X, y, epochs=30, verbose=0)
W, b = softmax_model.layers[0].get_weights()          # W: 2 features x 2 classes

# Logistic regression with one sigmoid unit, its parameters taken from the softmax model.

logistic_model = Sequential([Input(shape=(2,)), Dense(1, activation="sigmoid")])
logistic_model.layers[0].set_weights([W[:, 1:] - W[:, :1], b[1:] - b[:1]])

p_softmax = tf.nn.softmax(softmax_model(X)).numpy()[:, 1]
p_logistic = logistic_model(X).numpy()[:, 0]
gap = np.max(np.abs(p_softmax - p_logistic))
print(f"largest |P_softmax(y=1|x) - P_logistic(y=1|x)| over 200 examples: {gap:.1e}")
np.testing.assert_allclose(p_softmax, p_logistic, rtol=0, atol=1e-6)

# The losses agree too: -log a_y with two classes is the binary cross-entropy of z_2 - z_1.

Z = softmax_model(X).numpy()
ce = float(SparseCategoricalCrossentropy(from_logits=True)(y, Z))
bce = float(BinaryCrossentropy(from_logits=True)(y[:, None].astype("float32"), Z[:, 1:] - Z[:, :1]))
print(f"softmax cross-entropy cost: {ce:.6f}")
print(f"logistic (binary) cost:     {bce:.6f}")
np.testing.assert_allclose(ce, bce, rtol=1e-6, atol=1e-6)

# Only the differences w_2 - w_1, b_2 - b_1 matter: adding the same vector to both classes'
# parameters changes no probability. Softmax with N = 2 has one redundant set of parameters.

shifted = Sequential([Input(shape=(2,)), Dense(2, activation="linear")])
shifted.layers[0].set_weights([W + np.array([[3.0], [-2.0]], "float32"), b + 5.0])
shift_gap = np.max(np.abs(tf.nn.softmax(shifted(X)).numpy()[:, 1] - p_softmax))
print(f"after shifting both classes' parameters: largest change {shift_gap:.1e}")
assert shift_gap < 1e-5, shift_gap

accuracy = np.mean((p_logistic > 0.5) == y)
print(f"training accuracy (either model): {accuracy:.3f}")
assert accuracy > 0.85, accuracy
