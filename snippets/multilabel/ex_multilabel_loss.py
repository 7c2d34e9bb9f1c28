# # Exercise: the multi-label loss from logits
#
# Write `multilabel_loss(y, z)`: the loss of a network with one sigmoid output per label, from
# its logits `z` (shape `(m, k)`: m examples, k labels) and its multi-hot targets `y` (same
# shape, 0 or 1). Each label is its own yes/no question: $a = g(z) = 1 / (1 + e^{-z})$ on each
# logit, the binary cross-entropy $-y \log a - (1 - y) \log(1 - a)$ on each label, then the
# **mean** over all labels and all examples: one number.
#
# The check compares your loss with Keras's `BinaryCrossentropy(from_logits=True)` on random
# logits and targets (tolerance 1e-5), and tells apart the usual mistakes: a softmax across the
# labels, a sum where the mean belongs, a forgotten $(1 - y)$ term. Run this file: it stops with
# "not yet: ..." and a hint until your function is right, then prints "ok: ...".

import numpy as np
import tensorflow as tf


# --8<-- [start:task]
def multilabel_loss(y, z):
    """Mean binary cross-entropy over labels and examples, from logits z and 0/1 targets y."""
    # Your code here: a sigmoid on each logit, the binary cross-entropy of each label, the mean.
    return None
# --8<-- [end:task]

# The check (no need to read it to do the exercise).

def check(fn):
    rng = np.random.default_rng(0)
    m, k = 8, 3
    z = rng.normal(size=(m, k)) * 2
    y = (rng.random(size=(m, k)) < 0.5).astype(np.float64)
    y[0], y[1] = [1, 1, 0], [0, 0, 0]  # two labels present at once, and none
    try:
        got = fn(y.copy(), z.copy())
        if got is None:
            raise SystemExit("not yet: multilabel_loss returned None; fill in the function: a sigmoid on "
                             "each logit, the binary cross-entropy of each label, then the mean")
        got = np.asarray(got, dtype=np.float64)
    except Exception as exc:  # noqa: BLE001 - any error is reported as a hint
        raise SystemExit(f"not yet: multilabel_loss raised {type(exc).__name__}: {exc}") from None
    if got.shape != ():
        raise SystemExit(f"not yet: multilabel_loss returned an array of shape {got.shape}; the loss is one "
                         "number, the mean over all labels and all examples")
    want = float(tf.keras.losses.BinaryCrossentropy(from_logits=True)(y, z))
    a = 1 / (1 + np.exp(-z))
    bce = -y * np.log(a) - (1 - y) * np.log(1 - a)
    soft = np.exp(z - z.max(axis=1, keepdims=True))
    soft /= soft.sum(axis=1, keepdims=True)
    if not np.isfinite(got):
        raise SystemExit("not yet: multilabel_loss returned nan or inf on ordinary logits")
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
    # One example at a time: a label that is absent must not change the others' loss.
    single = float(fn(np.array([[1.0, 0.0, 0.0]]), np.array([[2.0, -1.0, 0.5]])))
    want_single = float(tf.keras.losses.BinaryCrossentropy(from_logits=True)([[1.0, 0.0, 0.0]],
                                                                             [[2.0, -1.0, 0.5]]))
    if not np.isclose(single, want_single, atol=tol):
        raise SystemExit(f"not yet: on one example with logits [2, -1, 0.5] and targets [1, 0, 0] your loss "
                         f"is {single:.6f}, Keras gives {want_single:.6f}")
    print(f"ok: multilabel_loss = {got:.6f}, Keras BinaryCrossentropy(from_logits=True) = {want:.6f} "
          f"(difference {abs(got - want):.1e}, tolerance {tol:.0e}) on {m} examples x {k} labels")


check(multilabel_loss)
