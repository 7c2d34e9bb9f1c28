# # Sigmoid
#
# g(z) = 1 / (1 + e^(-z)), with derivative g'(z) = g(z) (1 - g(z)). Outputs lie strictly
# between 0 and 1; the slope is at most 1/4 (at z = 0) and goes flat on both sides.
# Keras name: `activation="sigmoid"`.

import matplotlib.pyplot as plt
import numpy as np
import tensorflow as tf
from tensorflow.keras.layers import Dense

tf.keras.utils.set_random_seed(0)


def g(z):
    return 1 / (1 + np.exp(-z))


def g_prime(z):
    return g(z) * (1 - g(z))


# Check the formulas against Keras: its function for the name "sigmoid", and its derivative by
# automatic differentiation (float32, tolerance 1e-6).

z = np.linspace(-6, 6, 241, dtype=np.float32)
keras_g = Dense(1, activation="sigmoid").activation
z_tf = tf.constant(z)
with tf.GradientTape() as tape:
    tape.watch(z_tf)
    a = keras_g(z_tf)
np.testing.assert_allclose(a.numpy(), g(z), rtol=0, atol=1e-6)
np.testing.assert_allclose(tape.gradient(a, z_tf).numpy(), g_prime(z), rtol=0, atol=1e-6)
print(f'Keras: activation="sigmoid" -> keras.activations.{keras_g.__name__}')

for zi in (-6.0, -2.0, 0.0, 2.0, 6.0):
    print(f"z = {zi:+.1f}: g = {g(zi):.4f}, g' = {g_prime(zi):.4f}")
assert g(0.0) == 0.5 and g_prime(0.0) == 0.25 == g_prime(z).max()
assert 0 < g(z).min() and g(z).max() < 1
assert g_prime(-6.0) < 0.0025 and g_prime(6.0) < 0.0025  # flat on both sides

fig, ax = plt.subplots(num="Sigmoid g(z) and its derivative g'(z) for z in [-6, 6]",
                       figsize=(6, 3.5))
ax.plot(z, g(z), label="g(z) = 1 / (1 + exp(-z))")
ax.plot(z, g_prime(z), "--", label="g'(z) = g(z) (1 - g(z))")
ax.axhline(0, color="gray", linewidth=0.5)
ax.axvline(0, color="gray", linewidth=0.5)
ax.set_xlabel("z")
ax.set_title("sigmoid")
ax.legend()
plt.show()
