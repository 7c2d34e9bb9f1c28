# # tanh
#
# g(z) = (e^z - e^(-z)) / (e^z + e^(-z)) = 2 sigmoid(2z) - 1: a sigmoid stretched to the range
# -1 to 1 and centred on 0. Its derivative g'(z) = 1 - g(z)^2 is 1 at z = 0 (four times the
# sigmoid's 1/4), but it too goes flat on both sides. Keras name: `activation="tanh"`.

import matplotlib.pyplot as plt
import numpy as np
import tensorflow as tf
from tensorflow.keras.layers import Dense

tf.keras.utils.set_random_seed(0)


def g(z):
    return (np.exp(z) - np.exp(-z)) / (np.exp(z) + np.exp(-z))


def g_prime(z):
    return 1 - g(z) ** 2


# Check the formulas against Keras: its function for the name "tanh", and its derivative by
# automatic differentiation (float32, tolerance 1e-6).

z = np.linspace(-6, 6, 241, dtype=np.float32)
keras_g = Dense(1, activation="tanh").activation
z_tf = tf.constant(z)
with tf.GradientTape() as tape:
    tape.watch(z_tf)
    a = keras_g(z_tf)
np.testing.assert_allclose(a.numpy(), g(z), rtol=0, atol=1e-6)
np.testing.assert_allclose(tape.gradient(a, z_tf).numpy(), g_prime(z), rtol=0, atol=1e-6)
np.testing.assert_allclose(g(z), 2 / (1 + np.exp(-2 * z)) - 1, rtol=0, atol=1e-6)
print(f'Keras: activation="tanh" -> keras.activations.{keras_g.__name__}')

for zi in (-6.0, -2.0, 0.0, 2.0, 6.0):
    print(f"z = {zi:+.1f}: g = {g(zi):+.4f}, g' = {g_prime(zi):.4f}")
assert g(0.0) == 0.0 and g_prime(0.0) == 1.0 == g_prime(z).max()
assert -1 < g(z).min() and g(z).max() < 1
assert g_prime(-6.0) < 1e-4 and g_prime(6.0) < 1e-4  # flat on both sides

fig, ax = plt.subplots(num="tanh g(z) and its derivative g'(z) for z in [-6, 6]", figsize=(6, 3.5))
ax.plot(z, g(z), label="g(z) = tanh(z)")
ax.plot(z, g_prime(z), "--", label="g'(z) = 1 - tanh(z)^2")
ax.axhline(0, color="gray", linewidth=0.5)
ax.axvline(0, color="gray", linewidth=0.5)
ax.set_xlabel("z")
ax.set_title("tanh")
ax.legend()
plt.show()
