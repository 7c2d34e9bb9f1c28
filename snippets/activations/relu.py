# # ReLU (rectified linear unit)
#
# g(z) = max(0, z): 0 for negative z, z itself for positive z. Its derivative is 0 for z < 0 and
# 1 for z > 0; at z = 0 it has none, and TensorFlow uses 0 there. Outputs are 0 or positive,
# never negative. Keras name: `activation="relu"`.

import matplotlib.pyplot as plt
import numpy as np
import tensorflow as tf
from tensorflow.keras.layers import Dense

tf.keras.utils.set_random_seed(0)


def g(z):
    return np.maximum(0, z)


def g_prime(z):
    return np.where(z > 0, 1.0, 0.0).astype(np.float32)


# Check the formulas against Keras: its function for the name "relu", and its derivative by
# automatic differentiation (float32, tolerance 1e-6; z = 0 is one of the points).

z = np.linspace(-6, 6, 241, dtype=np.float32)
keras_g = Dense(1, activation="relu").activation
z_tf = tf.constant(z)
with tf.GradientTape() as tape:
    tape.watch(z_tf)
    a = keras_g(z_tf)
np.testing.assert_allclose(a.numpy(), g(z), rtol=0, atol=1e-6)
np.testing.assert_allclose(tape.gradient(a, z_tf).numpy(), g_prime(z), rtol=0, atol=1e-6)
print(f'Keras: activation="relu" -> keras.activations.{keras_g.__name__}')

for zi in (-6.0, -2.0, 0.0, 2.0, 6.0):
    print(f"z = {zi:+.1f}: g = {g(zi):.4f}, g' = {g_prime(zi):.4f}")
assert g(z).min() == 0.0  # never negative
assert np.all(g_prime(z[z < 0]) == 0) and np.all(g_prime(z[z > 0]) == 1)  # flat on one side only

# Note A writes the definition as g(z) = max(0, g), with g on both sides. That equation does not
# define ReLU: every function that is never negative satisfies it, for instance g(z) = |z|, which
# is not ReLU. With z in place of g, only ReLU is left.

absolute = np.abs(z)
assert np.all(np.maximum(0, absolute) == absolute)  # |z| satisfies g = max(0, g) everywhere
assert not np.all(absolute == g(z))                 # and differs from ReLU
print(f"note's g = max(0, g) holds for g(z) = |z| too, which gives g(-2) = {abs(-2.0):.4f}; "
      f"ReLU max(0, z) gives g(-2) = {g(-2.0):.4f}")

fig, ax = plt.subplots(num="ReLU g(z) = max(0, z) and its derivative g'(z) for z in [-6, 6]",
                       figsize=(6, 3.5))
ax.plot(z, g(z), label="g(z) = max(0, z)")
ax.plot(z, g_prime(z), "--", label="g'(z): 0 for z < 0, 1 for z > 0")
ax.axhline(0, color="gray", linewidth=0.5)
ax.axvline(0, color="gray", linewidth=0.5)
ax.set_xlabel("z")
ax.set_title("ReLU")
ax.legend()
plt.show()
