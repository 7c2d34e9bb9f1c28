# # Regression: `MeanSquaredError` and the missing 1/2
#
# The course's squared-error cost (course 1, video *Cost function formula*) is
# J(w,b) = 1/(2m) * sum (f(x) - y)^2. Keras's `MeanSquaredError` is 1/m * sum (f(x) - y)^2: no
# 1/2, so it is exactly 2J, and its gradient is twice J's. Both have the same minimum; the factor
# only rescales the learning rate: one step of Keras's `SGD` with learning rate alpha is one
# gradient descent step on J with learning rate 2 alpha.

import numpy as np
import tensorflow as tf
from tensorflow.keras import Input, Sequential
from tensorflow.keras.layers import Dense
from tensorflow.keras.losses import MeanSquaredError
from tensorflow.keras.optimizers import SGD

tf.keras.utils.set_random_seed(0)
rng = np.random.default_rng(0)

m = 50
x = rng.uniform(0.0, 2.0, size=m).astype(np.float32)
y = (3.0 * x - 1.0 + rng.normal(0.0, 0.2, size=m)).astype(np.float32)  # signed targets

# The regression model: one unit, linear activation, started at w = 0, b = 0; the loss is
# `MeanSquaredError`, imported like every other name.

model = Sequential([Input(shape=(1,)), Dense(1, activation="linear", kernel_initializer="zeros")])
model.compile(optimizer=SGD(learning_rate=0.1), loss=MeanSquaredError())

f = model.predict(x.reshape(-1, 1), verbose=0)[:, 0]  # all 0 at the start
mse = float(MeanSquaredError()(y.reshape(-1, 1), f.reshape(-1, 1)))
J = np.sum((f - y) ** 2) / (2 * m)  # J, the squared-error cost of the header
print(f"MeanSquaredError: {mse:.6f}; J = 1/(2m) sum (f - y)^2: {J:.6f}; ratio {mse / J:.6f}")
np.testing.assert_allclose(mse, 2 * J, rtol=1e-6)

# One step of `fit` on all m examples, against one step of gradient descent on J.

model.fit(x.reshape(-1, 1), y, epochs=1, batch_size=m, shuffle=False, verbose=0)
w_keras, b_keras = float(model.get_weights()[0][0, 0]), float(model.get_weights()[1][0])

dj_dw = np.mean((f - y) * x)  # J's dJ/dw and dJ/db at w = 0, b = 0
dj_db = np.mean(f - y)
for alpha in (0.1, 0.2):
    print(f"gradient descent on J, alpha = {alpha}: w = {-alpha * dj_dw:.6f}, b = {-alpha * dj_db:.6f}")
print(f"Keras SGD step, learning_rate = 0.1: w = {w_keras:.6f}, b = {b_keras:.6f}")
np.testing.assert_allclose([w_keras, b_keras], [-0.2 * dj_dw, -0.2 * dj_db], rtol=1e-5, atol=1e-6)
