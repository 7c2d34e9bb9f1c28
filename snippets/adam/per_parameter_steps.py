# One learning rate, one step size per parameter
#
# The notes' example: a model with parameters w1 ... w10 and b (linear regression
# on 10 features, here of very different scales), trained with Keras's Adam.

import numpy as np
import tensorflow as tf
from tensorflow.keras import Input, Sequential
from tensorflow.keras.layers import Dense

tf.keras.utils.set_random_seed(0)
rng = np.random.default_rng(0)

scales = np.geomspace(0.1, 10, 10)  # feature j has spread scales[j]; all of them matter
X = (rng.normal(size=(200, 10)) * scales).astype("float32")
y = (X @ (rng.normal(size=(10, 1)) / scales[:, None]) + 1.0).astype("float32")
model = Sequential([Input(shape=(10,)), Dense(1)])
opt = tf.keras.optimizers.Adam(learning_rate=1e-3)
loss_fn = tf.keras.losses.MeanSquaredError()
print(f"parameters: {model.count_params()} (w1 ... w10 and b)")
assert model.count_params() == 11

# 50 full-batch steps, keeping the weights before the last step.

@tf.function
def step():
    with tf.GradientTape() as tape:
        cost = loss_fn(y, model(X))
    grads = tape.gradient(cost, model.trainable_variables)
    opt.apply_gradients(zip(grads, model.trainable_variables))


def weights():
    return np.concatenate([v.numpy().ravel() for v in model.trainable_variables])


for _ in range(49):
    step()
w_before = weights()
step()
w_after = weights()
t = int(opt.iterations.numpy())

# What Adam keeps: ONE learning rate, unchanged by training, and for every parameter
# two running means, m (of the gradient) and v (of its square).

print(f"learning_rate after {t} steps: {float(opt.learning_rate.numpy()):.6f} (one number)")
assert np.isclose(float(opt.learning_rate.numpy()), 1e-3)
m = np.concatenate([v.numpy().ravel() for v in opt.variables if "momentum" in v.path])
v = np.concatenate([v.numpy().ravel() for v in opt.variables if "velocity" in v.path])
print(f"numbers in m and v: {m.size} + {v.size} = {m.size + v.size} (two per parameter)")
assert m.size == v.size == 11

# What is per parameter: the factor that turns m into the step,
# eta_j = alpha_t / (sqrt(v_j) + eps), so that w_j <- w_j - eta_j * m_j.
# This is the "learning rate of parameter j" of the notes: 11 values, but none of them
# is stored or set; they are recomputed from v at every step.

assert t == 50
alpha_t = 1e-3 * np.sqrt(1 - 0.999**t) / (1 - 0.9**t)
eta = alpha_t / (np.sqrt(v) + 1e-7)
# Keras's last step, reproduced (tolerance 1e-5 relative: the weights are float32).
np.testing.assert_allclose(w_before - eta * m, w_after, rtol=1e-5, atol=1e-7)
print("eta_j / learning_rate at step 50, w1 ... w10, b:")
print("  " + " ".join(f"{e:.2f}" for e in eta / 1e-3))
print(f"largest / smallest eta_j: {eta.max() / eta.min():.0f}")
assert eta.max() / eta.min() > 10

# And the steps themselves: none is much larger than the learning rate (the check:
# below 1.1 times it), because eta_j is large exactly where the gradients (hence m_j)
# are small.

step = np.abs(w_after - w_before)
print("|step_j| / learning_rate at step 50:")
print("  " + " ".join(f"{s:.2f}" for s in step / 1e-3))
assert np.all(step < 1.1e-3)
