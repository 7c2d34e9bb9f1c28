# Adam from scratch in NumPy, checked against `tf.keras.optimizers.Adam`.
#
# Keras applies the update in the order of computation that the Adam paper gives for
# efficiency (Kingma & Ba, 2015, end of section 2): both bias corrections are folded into
# one step size alpha_t, and epsilon is added to sqrt(v), not to sqrt(v_hat).

import numpy as np
import tensorflow as tf
from tensorflow.keras import Input, Sequential
from tensorflow.keras.layers import Dense

tf.keras.utils.set_random_seed(0)
rng = np.random.default_rng(0)

# The defaults, read from the optimizer's own config rather than typed in.

opt = tf.keras.optimizers.Adam()
config = opt.get_config()
for name in ("learning_rate", "beta_1", "beta_2", "epsilon"):
    print(f"Keras Adam default {name:13s}: {config[name]:g}")
assert np.isclose(config["learning_rate"], 1e-3)
assert config["beta_1"] == 0.9 and config["beta_2"] == 0.999
assert config["epsilon"] == 1e-7  # the paper uses 1e-8


# One Adam step for one parameter array, in Keras's order. One detail copied from
# Keras: it keeps the learning rate in float32 and raises beta_1 and beta_2 to the
# power t after converting them to float32 (0.999 becomes 0.99900001), even for
# float64 weights. Computed from the exact 0.999 instead, alpha_1 differs by about
# 7e-6 relative (printed below), a difference that adds up with every step.

def adam_step(w, g, m, v, t, lr=1e-3, beta_1=0.9, beta_2=0.999, eps=1e-7):
    lr = float(np.float32(lr))
    beta_1_power = float(np.float32(beta_1)) ** t
    beta_2_power = float(np.float32(beta_2)) ** t
    alpha_t = lr * np.sqrt(1 - beta_2_power) / (1 - beta_1_power)
    m = m + (g - m) * (1 - beta_1)       # first moment: running mean of g
    v = v + (g**2 - v) * (1 - beta_2)    # second moment: running mean of g^2
    w = w - alpha_t * m / (np.sqrt(v) + eps)
    return w, m, v


alpha_1_exact = 1e-3 * np.sqrt(1 - 0.999) / (1 - 0.9)
alpha_1_keras = 1e-3 * np.sqrt(1 - float(np.float32(0.999))) / (1 - float(np.float32(0.9)))
rel = abs(alpha_1_keras / alpha_1_exact - 1)
print(f"alpha_1, float32 betas vs exact: relative difference {rel:.1e}")
assert 5e-6 < rel < 9e-6, rel

# A small model with a mean-squared-error cost on generated data. It is built in
# float64, so that float32 rounding of the weights does not blur the comparison:
# what is left to differ is the formula.

X = rng.normal(size=(64, 4))
y = X @ np.array([[1.0], [-2.0], [0.5], [3.0]]) + 0.1
model = Sequential([
    Input(shape=(4,), dtype="float64"),
    Dense(3, activation="relu", dtype="float64"),
    Dense(1, dtype="float64"),
])
loss_fn = tf.keras.losses.MeanSquaredError()

# NumPy copies of the weights, and zero moments: one m and one v per weight array.

w_np = [w.numpy() for w in model.trainable_variables]
m_np = [np.zeros_like(w) for w in w_np]
v_np = [np.zeros_like(w) for w in w_np]
cost_0 = float(loss_fn(y, model(X)))

# 200 steps. Each step, TensorFlow computes the gradients once and Keras's Adam
# applies them; the same gradients go to `adam_step`, and the weights are compared.

@tf.function
def keras_step():
    with tf.GradientTape() as tape:
        cost = loss_fn(y, model(X))
    grads = tape.gradient(cost, model.trainable_variables)
    opt.apply_gradients(zip(grads, model.trainable_variables))
    return grads


steps, tol = 200, 1e-6
worst = 0.0
for t in range(1, steps + 1):
    grads = keras_step()
    for i, g in enumerate(grads):
        w_np[i], m_np[i], v_np[i] = adam_step(w_np[i], g.numpy(), m_np[i], v_np[i], t)
        w_keras = model.trainable_variables[i].numpy()
        np.testing.assert_allclose(w_np[i], w_keras, rtol=tol, atol=tol)
        worst = max(worst, float(np.max(np.abs(w_np[i] - w_keras))))

print(f"steps compared              : {int(opt.iterations.numpy())}")
print(f"tolerance (rtol and atol)   : {tol:.0e}")
print(f"largest |w_numpy - w_keras| : {worst:.1e}")
cost_end = float(loss_fn(y, model(X)))
print(f"cost before / after         : {cost_0:.4f} / {cost_end:.4f}")
assert int(opt.iterations.numpy()) == steps
assert worst < tol
assert cost_end < cost_0
