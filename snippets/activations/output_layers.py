# # The output layer follows the label
#
# What each output activation can produce, checked on 1000 random inputs to untrained layers:
# sigmoid only numbers strictly between 0 and 1 (a probability, for a 0/1 label), ReLU only
# numbers >= 0 (zero included: non-negative targets such as prices), linear any real number
# (targets of either sign).
#
# Then why it matters: a regression target that takes both signs, fitted once with a linear
# and once with a ReLU output unit. A ReLU output can never be negative, so its cost can never
# drop below the cost of predicting 0 for every negative target, whatever the training.

import numpy as np
import tensorflow as tf
from tensorflow.keras import Input, Sequential
from tensorflow.keras.layers import Dense
from tensorflow.keras.losses import MeanSquaredError
from tensorflow.keras.optimizers import Adam

tf.keras.utils.set_random_seed(0)
rng = np.random.default_rng(0)

X = rng.normal(0.0, 1.0, size=(1000, 4)).astype(np.float32)
for act in ("sigmoid", "relu", "linear"):
    out = Sequential([Input(shape=(4,)), Dense(1, activation=act)]).predict(X, verbose=0)
    print(f"{act:>7} output: from {out.min():+.4f} to {out.max():+.4f}")
    if act == "sigmoid":
        assert 0 < out.min() and out.max() < 1
    elif act == "relu":
        assert out.min() == 0 and out.max() > 0  # zero is reached: >= 0, not > 0
    else:
        assert out.min() < 0 < out.max()

# A signed target: y = 1.5 x - 0.5 plus a little noise, for x in [-2, 2].

x = rng.uniform(-2.0, 2.0, size=(512, 1)).astype(np.float32)
y = (1.5 * x[:, 0] - 0.5 + rng.normal(0.0, 0.1, size=512)).astype(np.float32)
floor = float(np.mean(np.where(y < 0, y, 0) ** 2))  # the cost of predicting 0 where y < 0
print(f"share of negative targets: {np.mean(y < 0):.4f}; "
      f"lowest possible cost with a ReLU output: {floor:.4f}")

costs = {}
for act in ("linear", "relu"):
    model = Sequential([Input(shape=(1,)), Dense(1, activation=act)])
    model.compile(optimizer=Adam(learning_rate=0.05), loss=MeanSquaredError())
    model.fit(x, y, epochs=8, verbose=0)
    costs[act] = model.evaluate(x, y, verbose=0)
    print(f"{act:>6} output: cost (mean squared error) after training {costs[act]:.4f}")
assert costs["relu"] >= floor - 1e-6  # cannot go below the floor
assert costs["linear"] < 0.05 < floor / 10, costs  # the linear output fits to the noise level
