# # Leaky ReLU, and its two different default slopes
#
# g(z) = z for z > 0 and s z for z <= 0, with a small slope s (Keras's `negative_slope`): like
# ReLU, but never completely flat, so a unit whose z is negative for every example still gets a
# gradient (s). The default s depends on how you ask for it: the layer `LeakyReLU()` uses 0.3, while the function
# `keras.activations.leaky_relu`, and so `Dense(..., activation="leaky_relu")`, uses 0.2.

import inspect

import keras
import matplotlib.pyplot as plt
import numpy as np
import tensorflow as tf
from tensorflow.keras.layers import Dense, LeakyReLU

tf.keras.utils.set_random_seed(0)


def g(z, s):
    return np.where(z > 0, z, s * z)


def g_prime(z, s):
    return np.where(z > 0, 1.0, s).astype(np.float32)


z = np.linspace(-6, 6, 241, dtype=np.float32)
z_tf = tf.constant(z)
layer = LeakyReLU()  # the layer
dense_g = Dense(1, activation="leaky_relu").activation  # the function, by name
function_slope = inspect.signature(dense_g).parameters["negative_slope"].default
print(f"LeakyReLU() layer: negative_slope = {layer.negative_slope:.1f}")
print(f'Dense(activation="leaky_relu"): keras.activations.{dense_g.__name__}, '
      f"negative_slope = {function_slope:.1f}")
assert abs(layer.negative_slope - 0.3) < 1e-7 and abs(function_slope - 0.2) < 1e-7
assert dense_g is keras.activations.leaky_relu

# Check both against the formula, with s = 0.3 and s = 0.2, values and derivatives (float32,
# tolerance 1e-6).

for s_default, keras_g in ((0.3, layer), (0.2, dense_g)):
    with tf.GradientTape() as tape:
        tape.watch(z_tf)
        out = keras_g(z_tf)
    slope = tape.gradient(out, z_tf).numpy()
    np.testing.assert_allclose(out.numpy(), g(z, s_default), rtol=0, atol=1e-6)
    np.testing.assert_allclose(slope, g_prime(z, s_default), rtol=0, atol=1e-6)
    print(f"s = {s_default}: g(-2) = {float(keras_g(tf.constant(-2.0))):+.4f}, "
          f"g(2) = {float(keras_g(tf.constant(2.0))):+.4f}, g'(-2) = {slope[z == -2][0]:.4f}, "
          f"g'(2) = {slope[z == 2][0]:.4f}")

# Ask for the slope you mean: `LeakyReLU(negative_slope=0.2)` and the function agree.

np.testing.assert_allclose(LeakyReLU(negative_slope=0.2)(z_tf).numpy(), dense_g(z_tf).numpy(),
                           rtol=0, atol=0)

fig, ax = plt.subplots(num="Leaky ReLU g(z) with slopes 0.3 (LeakyReLU layer default) and "
                           "0.2 (leaky_relu function default), and their derivatives",
                       figsize=(6, 3.5))
for s_default, color in ((0.3, "C0"), (0.2, "C1")):
    ax.plot(z, g(z, s_default), "-", color=color, label=f"g(z), s = {s_default}")
    ax.plot(z, g_prime(z, s_default), "--", color=color, label=f"g'(z), s = {s_default}")
ax.axhline(0, color="gray", linewidth=0.5)
ax.axvline(0, color="gray", linewidth=0.5)
ax.set_xlabel("z")
ax.set_title("leaky ReLU")
ax.legend()
plt.show()
