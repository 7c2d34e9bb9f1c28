# # Linear ("no activation function")
#
# g(z) = z, with derivative g'(z) = 1 everywhere: the unit outputs z = w . x + b unchanged, any
# real number. Keras name: `activation="linear"`, which is also what `Dense` uses when no
# activation is given.

import matplotlib.pyplot as plt
import numpy as np
import tensorflow as tf
from tensorflow.keras.layers import Dense

tf.keras.utils.set_random_seed(0)


def g(z):
    return z


def g_prime(z):
    return np.ones_like(z)


# Check against Keras: the function for the name "linear", the default of `Dense`, and the
# derivative by automatic differentiation (float32, tolerance 1e-6).

z = np.linspace(-6, 6, 241, dtype=np.float32)
keras_g = Dense(1, activation="linear").activation
assert Dense(1).activation is keras_g  # no activation given = linear
z_tf = tf.constant(z)
with tf.GradientTape() as tape:
    tape.watch(z_tf)
    a = keras_g(z_tf)
np.testing.assert_allclose(a.numpy(), g(z), rtol=0, atol=1e-6)
np.testing.assert_allclose(tape.gradient(a, z_tf).numpy(), g_prime(z), rtol=0, atol=1e-6)
print(f'Keras: activation="linear" (and no activation) -> keras.activations.{keras_g.__name__}')

for zi in (-6.0, -2.0, 0.0, 2.0, 6.0):
    print(f"z = {zi:+.1f}: g = {g(zi):+.4f}, g' = {1.0:.4f}")
assert g(z).min() < 0 < g(z).max()  # both signs

fig, ax = plt.subplots(num="Linear activation g(z) = z and its derivative g'(z) = 1 "
                           "for z in [-6, 6]", figsize=(6, 3.5))
ax.plot(z, g(z), label="g(z) = z")
ax.plot(z, g_prime(z), "--", label="g'(z) = 1")
ax.axhline(0, color="gray", linewidth=0.5)
ax.axvline(0, color="gray", linewidth=0.5)
ax.set_xlabel("z")
ax.set_title("linear")
ax.legend()
plt.show()
