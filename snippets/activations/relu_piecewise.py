# # ReLU units build piecewise-linear functions
#
# The idea of the course's optional lab `C2_W2_Relu`: each ReLU unit max(0, x - t) is 0 until x = t and then
# rises with slope 1, so it can switch on a change of slope at t. A layer of such units plus a
# linear output unit adds them up. On an interval from x0 to x1, every continuous piecewise-linear
# function f with finitely many corners is exactly such a sum plus a constant (the output unit's
# bias, f(x0)): a unit with t = x0 gives the first slope, and a unit at each corner adds the
# change of slope there. Here the target has slope 2 on [0, 1], -1 on [1, 2] and 1.5 on [2, 3];
# f(0) = 0, so the bias is 0, and three ReLU units with corners at 0, 1 and 2 and output weights
# 2, -1 - 2 = -3 and 1.5 - (-1) = 2.5 give it exactly. The weights are set by hand in a Keras model.

import matplotlib.pyplot as plt
import numpy as np
import tensorflow as tf
from tensorflow.keras import Input, Sequential
from tensorflow.keras.layers import Dense

tf.keras.utils.set_random_seed(0)


def target(x):
    return np.where(x < 1, 2 * x, np.where(x < 2, 3 - x, 1 + 1.5 * (x - 2)))


model = Sequential([
    Input(shape=(1,)),
    Dense(3, activation="relu"),  # unit k: max(0, x - t_k), corners t = 0, 1, 2
    Dense(1, activation="linear"),  # 2 * unit0 - 3 * unit1 + 2.5 * unit2
])
model.set_weights([
    np.array([[1.0, 1.0, 1.0]]), np.array([0.0, -1.0, -2.0]),  # W1 (1, 3), b1 (3,)
    np.array([[2.0], [-3.0], [2.5]]), np.array([0.0]),  # W2 (3, 1), b2 (1,)
])

x = np.linspace(0, 3, 301, dtype=np.float32).reshape(-1, 1)
f = model.predict(x, verbose=0)
error = float(np.max(np.abs(f - target(x))))
print(f"largest |network - target| on 301 points in [0, 3]: {error:.1e} "
      f"(float32 round-off; tolerance 1e-6 + 1e-6 |target|)")
np.testing.assert_allclose(f, target(x), rtol=1e-6, atol=1e-6)

units = np.maximum(0, x - np.array([0.0, 1.0, 2.0]))  # the three hidden activations
fig, ax = plt.subplots(num="A piecewise-linear target and the three weighted ReLU units that "
                           "add up to it exactly", figsize=(6, 3.5))
for k, (c, t) in enumerate(zip([2.0, -3.0, 2.5], [0, 1, 2], strict=True)):
    ax.plot(x, c * units[:, k], ":", label=f"{c:+g} * max(0, x - {t})")
ax.plot(x, target(x), color="black", linewidth=4, alpha=0.3, label="target")
ax.plot(x, f, "--", color="black", label="network output (sum)")
ax.set_xlabel("x")
ax.legend(fontsize="small")
plt.show()
