# # Exercise: the multi-label loss from logits
#
# Write `multilabel_loss(y, z)`: the loss of a network with one sigmoid output per label, from
# its logits `z` (shape `(m, k)`: m examples, k labels) and its multi-hot targets `y` (same
# shape, 0 or 1). Each label is its own yes/no question: $a = g(z) = 1 / (1 + e^{-z})$ on each
# logit, the binary cross-entropy $-y \log a - (1 - y) \log(1 - a)$ on each label, then the
# **mean** over all labels and all examples: one number.
#
# Leave `y` and `z` as they are.
#
# The check compares your loss, one number, with Keras's `BinaryCrossentropy(from_logits=True)`
# on random logits and targets of 8 examples x 3 labels (tolerance 1e-5), then on 1 x 3 and
# 4 x 5, and tells apart the usual mistakes: a softmax across the labels, a sum where the mean
# belongs, a forgotten $(1 - y)$ term. Run this file: it stops with "not yet: ..." and a hint
# until your function is right, then prints "ok: ...".

import numpy as np
import tensorflow as tf


# --8<-- [start:task]
def multilabel_loss(y, z):
    """Mean binary cross-entropy over labels and examples, from logits z and 0/1 targets y."""
    # Your code here: a sigmoid on each logit, the binary cross-entropy of each label, the mean.
    return None
# --8<-- [end:task]

# The check (no need to read it to do the exercise).

def call(fn, y, z):
    """fn(y, z) inside the check's error handling, its loss as returned (one number), y and z left unchanged."""
    y_seen, z_seen = y.copy(), z.copy()
    try:
        with np.errstate(all="ignore"):
            got = fn(y, z)
    except Exception as exc:  # noqa: BLE001 - any error is reported as a hint
        raise SystemExit(f"not yet: multilabel_loss raised {type(exc).__name__}: {exc}") from None
    if not (np.array_equal(y, y_seen) and np.array_equal(z, z_seen)):
        raise SystemExit("not yet: multilabel_loss changed the arrays y or z it was given (an in-place operation "
                         "such as z *= -1): compute new arrays and leave the inputs as they are")
    if got is None:
        raise SystemExit("not yet: multilabel_loss returned None; fill in the function: a sigmoid on "
                         "each logit, the binary cross-entropy of each label, then the mean")
    if np.shape(got) != ():
        raise SystemExit(f"not yet: multilabel_loss returned an array of shape {np.shape(got)}; the loss is one "
                         "number, the mean over all labels and all examples")
    got = float(got)
    if not np.isfinite(got):
        raise SystemExit(f"not yet: multilabel_loss returned {got} on the random logits, none of them extreme: a "
                         "log of 0 or of a negative number, or a division by 0; check a = 1 / (1 + exp(-z)), then "
                         "log(a) and log(1 - a)")
    return got


def keras_loss(y, z):
    return float(tf.keras.losses.BinaryCrossentropy(from_logits=True)(y, z))


def check(fn):
    rng = np.random.default_rng(0)
    m, k = 8, 3
    z = rng.normal(size=(m, k)) * 2
    y = (rng.random(size=(m, k)) < 0.5).astype(np.float64)
    y[0], y[1] = [1, 1, 0], [0, 0, 0]  # two labels present at once, and none
    got, want = call(fn, y, z), keras_loss(y, z)
    a = 1 / (1 + np.exp(-z))
    bce = -y * np.log(a) - (1 - y) * np.log(1 - a)
    soft = np.exp(z - z.max(axis=1, keepdims=True))
    soft /= soft.sum(axis=1, keepdims=True)
    tol = 1e-5
    if np.isclose(got, np.mean(-y * np.log(soft) - (1 - y) * np.log(1 - soft)), atol=tol) or np.isclose(
            got, np.mean(-np.sum(y * np.log(soft), axis=1)), atol=tol):
        raise SystemExit("not yet: your probabilities come from a softmax across the labels, which makes "
                         "them compete and sum to 1; a multi-label output applies a sigmoid to each logit")
    if np.isclose(got, bce.sum(), atol=tol) or np.isclose(got, bce.sum(axis=1).mean(), atol=tol) or \
            np.isclose(got, bce.sum(axis=0).mean(), atol=tol):
        raise SystemExit(f"not yet: your loss is {got:.4f}, a sum where the mean belongs (Keras gives "
                         f"{want:.4f}): average over all labels and all examples (np.mean of the m x k losses)")
    if np.isclose(got, np.mean(-y * np.log(a)), atol=tol):
        raise SystemExit("not yet: your loss has only the -y log(a) term; a label that is absent (y = 0) "
                         "must cost -log(1 - a) too")
    if not np.isclose(got, want, atol=tol):
        raise SystemExit(f"not yet: your loss is {got:.6f}, Keras's BinaryCrossentropy(from_logits=True) "
                         f"gives {want:.6f}; check the formula -y log(a) - (1 - y) log(1 - a) with a = "
                         "1 / (1 + exp(-z))")
    # One example, then a batch of another shape: the mean over the m and k given.
    cases = [(np.array([[1.0, 0.0, 0.0]]), np.array([[2.0, -1.0, 0.5]]))]
    cases.append(((rng.random(size=(4, 5)) < 0.5).astype(np.float64), rng.normal(size=(4, 5)) * 2))
    for y2, z2 in cases:
        got2, want2 = call(fn, y2, z2), keras_loss(y2, z2)
        if not np.isclose(got2, want2, atol=tol):
            raise SystemExit(f"not yet: on {len(y2)} example(s) x {y2.shape[1]} labels your loss is {got2:.6f}, "
                             f"Keras gives {want2:.6f}: average over all the labels and examples given")
    print(f"ok: multilabel_loss = {got:.6f}, Keras BinaryCrossentropy(from_logits=True) = {want:.6f} "
          f"(difference {abs(got - want):.1e}, tolerance {tol:.0e}) on {m} examples x {k} labels; right on 1 x 3 "
          "and 4 x 5 too")


check(multilabel_loss)
