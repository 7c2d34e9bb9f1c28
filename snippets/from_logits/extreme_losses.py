# What "round-off" does to the softmax loss, made precise. Three classes, true class 0, logits
# z = [-d, 0, 0]: the larger d, the more confidently wrong the model. The true loss is
# -log a_0 = log(e^{-d} + 2) + d, which grows without bound.
# Computed from probabilities (plain arrays, as the loss sees them without `from_logits`), Keras
# clips each probability to [1e-7, 1 - 1e-7], so the loss stops at -ln(1e-7) = 16.118.
# From logits, Keras computes log a_y = z_y - logsumexp(z) with the max subtracted: exact.

import numpy as np
import tensorflow as tf
from tensorflow.keras.losses import SparseCategoricalCrossentropy

tf.keras.utils.set_random_seed(0)

loss_from_probs = SparseCategoricalCrossentropy(reduction=None)
loss_from_logits = SparseCategoricalCrossentropy(from_logits=True, reduction=None)


def numpy_loss_from_logits(z, y):
    """-log a_y = logsumexp(z) - z_y, with the max subtracted before exp (stable)."""
    m = np.max(z, axis=-1, keepdims=True)
    logsumexp = m[:, 0] + np.log(np.sum(np.exp(z - m), axis=-1))
    return logsumexp - z[np.arange(len(y)), y]


d = np.array([1.0, 10.0, 16.0, 20.0, 50.0, 120.0, 1000.0, 1e4])
z = np.stack([-d, np.zeros_like(d), np.zeros_like(d)], axis=1).astype("float32")
y = np.zeros(len(d), dtype=int)
probs = tf.nn.softmax(z).numpy()                     # a plain NumPy array of probabilities
clipped = loss_from_probs(y, probs).numpy()
exact = loss_from_logits(y, z).numpy()
reference = numpy_loss_from_logits(z.astype("float64"), y)
with np.errstate(divide="ignore"):
    naive = -np.log(probs[:, 0])                     # from scratch, no clipping

print(f"{'d':>7} {'a_0':>9} {'Keras, probs':>13} {'Keras, logits':>14} {'NumPy exact':>12}"
      f" {'NumPy -log a_0':>15}")
for row in zip(d, probs[:, 0], clipped, exact, reference, naive):
    print("{:7g} {:9.2e} {:13.4f} {:14.4f} {:12.4f} {:15.4f}".format(*row))
print(f"-ln(1e-7) = {-np.log(1e-7):.6f}; "
      f"smallest float32 above 0: {np.finfo(np.float32).smallest_subnormal:.1e}")
print(f"float32 e^z is inf above z = {np.log(np.finfo(np.float32).max):.4f}")

# Checks: Keras from logits equals the NumPy formula (relative 1e-6, the float32 precision);
# from probabilities, Keras agrees with it (relative 1e-5) while a_0 >= 1e-7, and is stuck at
# 16.118 beyond; NumPy's -log(a_0) is inf once a_0 underflows to 0 (float32: e^{-d} < 1.4e-45,
# d > 103.3).

np.testing.assert_allclose(exact, reference, rtol=1e-6, atol=1e-6)
assert np.all(np.isfinite(exact))
small = probs[:, 0] >= 1e-7
np.testing.assert_allclose(clipped[small], reference[small], rtol=1e-5)
np.testing.assert_allclose(clipped[~small], -np.log(np.float32(1e-7)), rtol=1e-6)
assert np.all(np.isinf(naive[d > 104])) and np.all(np.isfinite(naive[d < 100]))
with np.errstate(over="ignore"):
    assert np.isinf(np.exp(np.float32(88.73))) and np.isfinite(np.exp(np.float32(88.72)))

# The clipped loss is flat: its gradient with respect to the logits is (nearly) zero, so gradient
# descent gets no signal to correct a confidently wrong example. From logits, the gradient is
# a - onehot(y): about -1 for the true class.

z_var = tf.Variable(z[3:4])                           # d = 20
with tf.GradientTape(persistent=True) as tape:
    flat = loss_from_probs(y[3:4], tf.nn.softmax(z_var))
    steep = loss_from_logits(y[3:4], z_var)
g_flat = tape.gradient(flat, z_var).numpy()[0]
g_steep = tape.gradient(steep, z_var).numpy()[0]
print(f"d = 20: dloss/dz_0 from probabilities {g_flat[0]:.1e}, from logits {g_steep[0]:.4f}")
assert abs(g_flat[0]) < 1e-6 and abs(g_steep[0] + 1.0) < 1e-6
