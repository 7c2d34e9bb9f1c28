# # Why activation functions are needed
#
# With g(z) = z in every layer, each layer computes A W + b, and a product of such maps is
# again one: A W1 W2 W3 + ((b1 W2 + b2) W3 + b3). A deep "linear" network is one linear layer,
# that is, linear regression; with a sigmoid output unit on top it is logistic regression.
# Both statements are checked here on the numbers (float32, tolerance 1e-5), and then shown to
# matter: on points inside and outside a circle, the linear network stays a straight-line
# classifier while the same network with ReLU hidden layers is not.

import numpy as np
import tensorflow as tf
from tensorflow.keras import Input, Sequential
from tensorflow.keras.layers import Dense
from tensorflow.keras.losses import BinaryCrossentropy
from tensorflow.keras.optimizers import Adam

tf.keras.utils.set_random_seed(0)
rng = np.random.default_rng(0)

# ## 1. Three linear layers = one linear layer
#
# Random weights and biases (no training needed: the identity holds for any values).

deep = Sequential([
    Input(shape=(4,)),
    Dense(8, activation="linear", bias_initializer="random_normal"),
    Dense(5, activation="linear", bias_initializer="random_normal"),
    Dense(1, activation="linear", bias_initializer="random_normal"),
])
W1, b1, W2, b2, W3, b3 = deep.get_weights()
W = W1 @ W2 @ W3  # shape (4, 1)
b = (b1 @ W2 + b2) @ W3 + b3  # shape (1,)
one = Sequential([Input(shape=(4,)), Dense(1, activation="linear")])
one.set_weights([W, b])

X = rng.normal(size=(200, 4)).astype(np.float32)
diff = np.max(np.abs(deep.predict(X, verbose=0) - one.predict(X, verbose=0)))
print(f"4-8-5-1 linear network vs one Dense(1) layer: largest difference {diff:.1e}")
np.testing.assert_allclose(deep.predict(X, verbose=0), one.predict(X, verbose=0), atol=1e-5)

# ## 2. Linear hidden layers + sigmoid output = logistic regression
#
# Data: 600 points in the plane, label 1 inside the circle of radius 1, 0 outside (up to 2).
# The same network trained twice, once with linear and once with ReLU hidden layers.

r = np.sqrt(rng.uniform(0.0, 4.0, size=600))
angle = rng.uniform(0.0, 2 * np.pi, size=600)
X2 = np.stack([r * np.cos(angle), r * np.sin(angle)], axis=1).astype(np.float32)
y2 = (r < 1.0).astype(np.float32)


def train(hidden):
    model = Sequential([
        Input(shape=(2,)),
        Dense(16, activation=hidden),
        Dense(8, activation=hidden),
        Dense(1, activation="sigmoid"),
    ])
    model.compile(optimizer=Adam(learning_rate=0.02), loss=BinaryCrossentropy())
    model.fit(X2, y2, epochs=10, verbose=0)
    return model


linear_net, relu_net = train("linear"), train("relu")

# The trained linear network, collapsed: w = W1 W2 W3 and one bias, then the logistic
# regression model f(x) = sigmoid(w . x + b). Same outputs as the network.

W1, b1, W2, b2, W3, b3 = linear_net.get_weights()
w = W1 @ W2 @ W3
b = (b1 @ W2 + b2) @ W3 + b3
f_logistic = 1 / (1 + np.exp(-(X2 @ w + b)))
p_linear = linear_net.predict(X2, verbose=0)
print(f"linear-hidden network vs sigmoid(x . w + b): largest difference "
      f"{np.max(np.abs(p_linear - f_logistic)):.1e}")
np.testing.assert_allclose(p_linear, f_logistic, atol=1e-5)

# A logistic regression model splits the plane with a straight line, so it cannot separate
# the inside of a circle from the outside; the ReLU network can. (About 25 % of the points are
# inside: labelling every point 0 already scores about 75 %.)

acc_linear = float(np.mean((p_linear[:, 0] >= 0.5) == y2))
acc_relu = float(np.mean((relu_net.predict(X2, verbose=0)[:, 0] >= 0.5) == y2))
print(f"share of points inside: {y2.mean():.4f}")
print(f"training accuracy: linear hidden layers {acc_linear:.4f}, ReLU hidden layers {acc_relu:.4f}")
assert acc_linear <= max(y2.mean(), 1 - y2.mean()) + 0.05, acc_linear
assert acc_relu >= 0.95, acc_relu
