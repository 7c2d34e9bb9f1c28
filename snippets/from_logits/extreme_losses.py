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
print(f"-ln(1e-7) = {-np.log(1e-7):.6f}; smallest float32 above 0: "
      f"{np.finfo(np.float32).smallest_subnormal:.1e} (subnormal), {np.finfo(np.float32).tiny:.2e} (normal)")
print(f"float32 e^z is inf above z = {np.log(np.finfo(np.float32).max):.4f}")

# Where a_0 becomes 0, swept: d from 1 to 200 in steps of 0.01, a_0 from tf.nn.softmax and
# from the same formula in NumPy float32. Over this sweep, tf.nn.softmax on CPU gives no a_0
# between 0 and the smallest normal float32 (1.2e-38): TensorFlow flushes smaller results to 0.
# NumPy float32 has the smaller, subnormal numbers too, down to 1.4e-45. The worst case printed is the
# smallest a_0 above 0 each gives.

d_sweep = np.arange(100, 20001) / 100
z_sweep = np.stack([-d_sweep, np.zeros_like(d_sweep), np.zeros_like(d_sweep)], axis=1).astype("float32")
probs_sweep = tf.nn.softmax(z_sweep).numpy()
a_tf = probs_sweep[:, 0]
e = np.exp(z_sweep - z_sweep.max(axis=1, keepdims=True))
a_np = (e / e.sum(axis=1, keepdims=True))[:, 0]
d_tf, d_np = d_sweep[a_tf == 0].min(), d_sweep[a_np == 0].min()
for k in (86, 87):
    print(f"d = {k}: a_0 from tf.nn.softmax {a_tf[d_sweep == k][0]:.1e}, NumPy float32 {a_np[d_sweep == k][0]:.1e}")
print(f"d from 1 to 200 by 0.01: a_0 = 0 from d = {d_tf:.2f} on (TensorFlow), {d_np:.2f} on (NumPy); "
      f"worst case above 0: {a_tf[a_tf > 0].min():.2e} (TensorFlow), {a_np[a_np > 0].min():.1e} (NumPy)")
assert np.all(a_tf[d_sweep >= d_tf] == 0) and np.all(a_tf[d_sweep < d_tf] >= np.finfo(np.float32).tiny)
assert np.all(a_np[d_sweep >= d_np] == 0) and 80 < d_tf < d_np < 110

# The clipped loss over the same sweep (the probabilities as a plain array): its worst case, the
# largest loss, is -ln(1e-7), reached from a_0 < 1e-7 on, however wrong the model is.

clipped_sweep = loss_from_probs(np.zeros(len(d_sweep), dtype=int), probs_sweep).numpy()
print(f"Keras from probabilities, same sweep: worst case (largest) loss {clipped_sweep.max():.4f}")
assert clipped_sweep.max() <= -np.log(np.float32(1e-7)) * (1 + 1e-6)

# Checks: Keras from logits equals the NumPy formula (relative 1e-6, the float32 precision);
# from probabilities, Keras agrees with it (relative 1e-5) while a_0 >= 1e-7, and is stuck at
# 16.118 beyond; -log(a_0) is inf once TensorFlow's a_0 is 0 (from d_tf on, swept above).

np.testing.assert_allclose(exact, reference, rtol=1e-6, atol=1e-6)
assert np.all(np.isfinite(exact))
small = probs[:, 0] >= 1e-7
np.testing.assert_allclose(clipped[small], reference[small], rtol=1e-5)
np.testing.assert_allclose(clipped[~small], -np.log(np.float32(1e-7)), rtol=1e-6)
assert np.all(np.isinf(naive[d >= d_tf])) and np.all(np.isfinite(naive[d < d_tf]))
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
