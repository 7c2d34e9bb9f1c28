# my_softmax: softmax in NumPy, numerically stable.
# Softmax does not change when the same number is subtracted from every z_k
# (e^{z_j - c} / sum_k e^{z_k - c} = e^{z_j} / sum_k e^{z_k}). Subtracting c = max_k z_k makes every
# exponent <= 0, so e^{...} lies in (0, 1]: it cannot overflow, and the denominator is >= 1.

import numpy as np
import tensorflow as tf

tf.keras.utils.set_random_seed(0)


def my_softmax(z):
    """Softmax over the last axis, shifted by the max: finite for any finite z."""
    z = np.asarray(z)
    e = np.exp(z - np.max(z, axis=-1, keepdims=True))
    return e / np.sum(e, axis=-1, keepdims=True)


def naive_softmax(z):
    """The formula as written: e^{z_j} / sum_k e^{z_k}. Overflows for large z."""
    e = np.exp(np.asarray(z))
    return e / np.sum(e, axis=-1, keepdims=True)


# Ordinary and extreme logits (|z| up to 1e4), in float64: my_softmax equals tf.nn.softmax to 1e-7,
# every output is finite and every row sums to 1.

rng = np.random.default_rng(0)
ordinary = rng.normal(scale=3.0, size=(1000, 10))
extreme = rng.uniform(-1e4, 1e4, size=(1000, 10))
for name, z in [("ordinary", ordinary), ("extreme", extreme)]:
    mine, theirs = my_softmax(z), tf.nn.softmax(z).numpy()
    gap = np.max(np.abs(mine - theirs))
    print(f"{name:8s} |z| <= {np.max(np.abs(z)):7.1f}: max |my_softmax - tf.nn.softmax| = {gap:.1e}")
    np.testing.assert_allclose(mine, theirs, rtol=0, atol=1e-7)
    assert np.all(np.isfinite(mine))
    np.testing.assert_allclose(mine.sum(axis=-1), 1.0, rtol=0, atol=1e-12)

# In float32 (what Keras uses) the two agree to float32 precision: a few units of 1.2e-7.

z32 = ordinary.astype("float32")
gap32 = np.max(np.abs(my_softmax(z32) - tf.nn.softmax(z32).numpy()))
print(f"float32: max |my_softmax - tf.nn.softmax| = {gap32:.1e}")
assert gap32 < 1e-6, gap32

# The naive formula breaks as soon as e^{z} overflows: in float32 above ln(FLT_MAX) = 88.72284,
# in float64 above 709.78. inf / inf is nan.

print(f"ln(float32 max) = {np.log(np.finfo(np.float32).max):.5f}, "
      f"ln(float64 max) = {np.log(np.finfo(np.float64).max):.5f}")
with np.errstate(over="ignore", invalid="ignore"):
    for top in [88.72, 88.73, 1000.0]:
        z = np.array([top, 0.0, -top], dtype="float32")
        naive = " ".join(f"{v:.3g}" for v in naive_softmax(z))
        stable = " ".join(f"{v:.3g}" for v in my_softmax(z))
        print(f"z = [{top:g}, 0, -{top:g}] float32: naive [{naive}]   stable [{stable}]")
    assert np.all(np.isfinite(naive_softmax(np.array([88.72, 0.0], "float32"))))
    assert np.isnan(naive_softmax(np.array([88.73, 0.0], "float32"))[0])
    assert np.isnan(naive_softmax(np.array([1000.0, 0.0, -1000.0]))[0])        # float64 too
    assert np.all(np.isfinite(naive_softmax(np.array([709.0, 0.0]))))
np.testing.assert_array_equal(my_softmax(np.array([1000.0, 0.0, -1000.0], "float32")), [1, 0, 0])
