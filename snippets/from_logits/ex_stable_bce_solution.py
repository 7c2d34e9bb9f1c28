# # Exercise: the binary cross-entropy from logits, without overflow
#
# Write `bce_from_logits(y, z)`: the binary cross-entropy loss of each example, computed from the
# logit $z$ (the output of a linear output unit) instead of the probability $a = g(z)$. Substituting
# $a = 1 / (1 + e^{-z})$ into $-y \log a - (1 - y) \log(1 - a)$ gives, after simplifying,
#
# $$L = \max(z, 0) - z\,y + \log\left(1 + e^{-|z|}\right),$$
#
# a form that never exponentiates a positive number. `y` (0 or 1) and `z` are arrays of shape
# `(m,)`; return one loss per example, shape `(m,)`, and leave `y` and `z` as they are.
#
# The check compares your losses with Keras's `BinaryCrossentropy(from_logits=True,
# reduction=None)` on random logits (tolerance 1e-5), then asks for finite, exact losses at
# z = -100, 100, -1000 and 1000, where computing $g(z)$ first gives log(0) and $e^{-z}$ overflows.
# Run this file: it stops with "not yet: ..." and a hint until your function is right, then prints
# "ok: ...".

import numpy as np
from tensorflow.keras.losses import BinaryCrossentropy


# --8<-- [start:task]
def bce_from_logits(y, z):
    """Binary cross-entropy of each example from its logit z and label y (arrays of shape (m,))."""
    return np.maximum(z, 0) - z * y + np.log(1 + np.exp(-np.abs(z)))
# --8<-- [end:task]

# The check (no need to read it to do the exercise).

def keras_losses(y, z):
    return BinaryCrossentropy(from_logits=True, reduction=None)(y.reshape(-1, 1), z.reshape(-1, 1)).numpy()


def call(fn, y, z):
    """fn(y, z) inside the check's error handling, its losses as returned (y and z left unchanged)."""
    y_seen, z_seen = y.copy(), z.copy()
    try:
        with np.errstate(over="ignore", divide="ignore", invalid="ignore"):
            got = fn(y, z)
    except Exception as exc:  # noqa: BLE001 - any error is reported as a hint
        raise SystemExit(f"not yet: bce_from_logits raised {type(exc).__name__}: {exc}") from None
    if not (np.array_equal(y, y_seen) and np.array_equal(z, z_seen)):
        raise SystemExit("not yet: bce_from_logits changed the arrays y or z it was given (an in-place operation "
                         "such as z[z < 0] = ... or z *= ...): compute new arrays and leave the inputs as they are")
    if got is None:
        raise SystemExit("not yet: bce_from_logits returned None; fill in the function: "
                         "max(z, 0) - z * y + log(1 + exp(-|z|)), element-wise")
    got = np.asarray(got)
    if got.dtype.kind != "f":
        raise SystemExit(f"not yet: bce_from_logits returned an array of {got.dtype}; losses are real numbers")
    if got.shape != z.shape:
        raise SystemExit(f"not yet: bce_from_logits returned shape {got.shape} for {z.size} examples: return "
                         "one loss per example (no mean: Keras averages them into the cost)")
    return got


def check(fn):
    rng = np.random.default_rng(0)
    z = rng.normal(scale=4.0, size=30)
    y = rng.integers(0, 2, size=30).astype(np.float64)
    got, want = call(fn, y, z), keras_losses(y, z)
    if not np.all(np.isfinite(got)):
        raise SystemExit(f"not yet: your losses hold {got[~np.isfinite(got)][0]} on the random logits, none of them "
                         "extreme: a log of 0 or of a negative number; check log(1 + exp(-|z|))")
    sign = np.maximum(z, 0) + z * y + np.log1p(np.exp(-np.abs(z)))
    if np.allclose(got, sign, rtol=1e-5, atol=1e-5):
        raise SystemExit("not yet: the sign of z * y is wrong: the loss is max(z, 0) - z * y + ..., "
                         "so that a large z with y = 1 costs almost nothing")
    if not np.allclose(got, want, rtol=1e-5, atol=1e-5):
        raise SystemExit(f"not yet: your losses differ from Keras's by up to {np.abs(got - want).max():.3g}; "
                         "check the formula max(z, 0) - z * y + log(1 + exp(-|z|))")
    for big in (100.0, 1000.0):
        z_big = np.array([-big, -big, big, big])
        y_big = np.array([0.0, 1.0, 0.0, 1.0])
        got_big = call(fn, y_big, z_big)
        exact = np.array([0.0, big, big, 0.0])  # log(1 + e^-big) is below 1e-43
        if not np.all(np.isfinite(got_big)):
            if big == 100.0:
                raise SystemExit("not yet: your loss is inf or nan at z = +-100: g(100) rounds to exactly 1.0 "
                                 "(and 1 - g(100) to 0), so log(1 - g(z)) is log(0). Do not compute g(z) "
                                 "first: use max(z, 0) - z * y + log(1 + exp(-|z|))")
            raise SystemExit("not yet: your loss is inf or nan at z = -1000: exp(-z) = exp(1000) overflows; "
                             "exponentiate -|z|, never a positive number")
        if not np.allclose(got_big, exact, atol=1e-9):
            raise SystemExit(f"not yet: at z = -{big:.0f}, -{big:.0f}, {big:.0f}, {big:.0f} with y = 0, 1, 0, 1 "
                             f"your losses are {np.round(got_big, 4).tolist()}, not {exact.tolist()}")
    print(f"ok: bce_from_logits matches BinaryCrossentropy(from_logits=True) on {z.size} logits "
          f"(largest difference {np.abs(got - want).max():.1e}) and gives {got_big.tolist()} "
          "at z = -1000, -1000, 1000, 1000 with y = 0, 1, 0, 1")


check(bce_from_logits)
