# Binary cross-entropy from the logit z, stable, in NumPy, checked against Keras.
# With a = g(z) = 1 / (1 + e^{-z}): log a = -log(1 + e^{-z}) and log(1 - a) = -z - log(1 + e^{-z}),
# so  loss = -y log a - (1 - y) log(1 - a) = (1 - y) z + log(1 + e^{-z})
#          = max(z, 0) - z y + log(1 + e^{-|z|}),
# the last form never exponentiates a positive number. It is what
# `BinaryCrossentropy(from_logits=True)` computes (tf.nn.sigmoid_cross_entropy_with_logits).

import numpy as np
import tensorflow as tf
from tensorflow.keras.losses import BinaryCrossentropy

tf.keras.utils.set_random_seed(0)


def bce_from_logits(z, y):
    """Stable binary cross-entropy of logits z and labels y (0 or 1, or in between)."""
    return np.maximum(z, 0) - z * y + np.log1p(np.exp(-np.abs(z)))


def bce_naive(z, y):
    """The loss of the probability a = g(z), computed as written. Substituting
    a = 1 / (1 + e^{-z}) into the formula (Note A) computes exactly this."""
    a = 1 / (1 + np.exp(-z))
    return -y * np.log(a) - (1 - y) * np.log(1 - a)


# Ordinary and extreme logits, |z| up to 1e4, with both labels: NumPy vs Keras to 1e-6 (relative
# or absolute), and every value finite.

rng = np.random.default_rng(0)
z = np.concatenate([rng.normal(scale=4.0, size=200), rng.uniform(-1e4, 1e4, size=200),
                    [-1e4, -100.0, -17.0, 0.0, 17.0, 100.0, 1e4]]).astype("float32")
y = rng.integers(0, 2, size=z.size).astype("float32")
ours = bce_from_logits(z.astype("float64"), y)
keras = BinaryCrossentropy(from_logits=True, reduction=None)(y[:, None], z[:, None]).numpy()
gap = np.max(np.abs(keras - ours) / np.maximum(1.0, np.abs(ours)))
print(f"{z.size} logits, |z| <= {np.max(np.abs(z)):.0f}: largest relative gap NumPy vs Keras {gap:.1e}")
np.testing.assert_allclose(keras, ours, rtol=1e-6, atol=1e-6)
assert np.all(np.isfinite(ours)) and np.all(np.isfinite(keras))
print(f"BCE(y=1, z=-100) = {float(bce_from_logits(-100.0, 1.0)):.4f},"
      f" BCE(y=1, z=0) = {float(bce_from_logits(0.0, 1.0)):.6f} (ln 2 = {np.log(2):.6f})")

# Where the intermediate a = g(z) loses the answer, in float32 (label y = 0, true loss ~ z):
# a rounds to exactly 1 once e^{-z} < 2^-24, i.e. z > 16.64, so log(1 - a) = log 0.
# Keras, given the probability as a plain array, clips it to 1 - 1e-7: loss 15.942 at most.

print(f"a = g(z) rounds to exactly 1 in float32 for z > 24 ln 2 = {24 * np.log(2):.2f}")
assert 1 / (1 + np.exp(np.float32(-16.6))) < 1 and 1 / (1 + np.exp(np.float32(-16.7))) == 1
print(f"{'z':>6} {'a = g(z)':>10} {'1 - a':>9} {'naive':>8} {'Keras, prob':>12} {'stable':>9}")
for zi in [5.0, 16.0, 17.0, 30.0, 100.0]:
    z32 = np.float32(zi)
    with np.errstate(divide="ignore", over="ignore", invalid="ignore"):
        naive = bce_naive(z32, np.float32(0))
    a = 1 / (1 + np.exp(-z32))
    from_prob = float(BinaryCrossentropy()(np.array([[0.0]]), np.array([[a]], "float32")))
    stable = float(bce_from_logits(z32, np.float32(0)))
    print(f"{zi:6g} {a:10.8f} {1 - a:9.2e} {naive:8.4f} {from_prob:12.4f} {stable:9.4f}")
    if zi > 16.64:
        assert 1 - a == 0 and np.isinf(naive) and abs(from_prob - 15.942385) < 1e-4
    np.testing.assert_allclose(stable, zi, rtol=1e-6, atol=0.01)

# Keras' clipping on plain arrays, both ways: p = 0 with y = 1, and p = 1 with y = 0.

clip = BinaryCrossentropy(reduction=None)(np.array([[1.0], [0.0]]), np.array([[0.0], [1.0]], "float32"))
print(f"Keras BCE(y=1, p=0) = {clip[0]:.6f}, BCE(y=0, p=1) = {clip[1]:.6f}")
np.testing.assert_allclose(clip.numpy(), [16.118095, 15.942385], rtol=1e-6)

# Why 15.942 and not -ln(1e-7) = 16.118: p = 1 is clipped to 1 - 1e-7, which float32 cannot hold;
# it rounds to the nearest float32, 1 - 2^-23 (the floats just below 1 are 2^-24 apart). So
# 1 - p = 2^-23 and the loss is -ln(2^-23) = 23 ln 2. (-ln(1 - 1e-7) itself is about 1e-7.)

top = np.float32(1.0) - np.float32(1e-7)
assert top == np.float32(1.0 - 2.0**-23)
print(f"float32 1 - 1e-7 = 1 - 2^-23, so 1 - p = {np.float32(1.0) - top:.4e} = 2^-23"
      f" and BCE(y=0, p=1) = 23 ln 2 = {23 * np.log(2):.6f}")
np.testing.assert_allclose(clip[1], 23 * np.log(2), rtol=1e-6)
assert abs(-np.log1p(-1e-7) - 1e-7) < 1e-13
