# # Exercise: the binary cross-entropy cost from its formula
#
# Write `bce_cost(y, p)`: the cost $J$ of a logistic regression or a network with a sigmoid
# output, given the labels `y` (0 or 1) and the predicted probabilities `p` (between 0 and 1) of
# the $m$ examples, both of shape `(m,)`. The loss of one example is
# $L = -y \log p - (1 - y) \log(1 - p)$, and the cost is the average loss,
# $J = \frac{1}{m} \sum_{i=1}^{m} L^{(i)}$: a single number. Leave `y` and `p` as they are.
#
# The check compares your cost with Keras's `BinaryCrossentropy()` (tolerance 1e-6, relative) on 40
# random labels and probabilities, then on 7 of them with integer labels; it wants one number (not
# an array of one) and the arrays it passed unchanged. Run this file: it stops with "not yet: ..."
# and a hint until your function is right, then prints "ok: ...".

import numpy as np
from tensorflow.keras.losses import BinaryCrossentropy


# --8<-- [start:task]
def bce_cost(y, p):
    """The binary cross-entropy cost: the mean over the examples of -y log p - (1 - y) log(1 - p)."""
    # Your code here: the loss of every example (NumPy works element-wise), then their average.
    return None
# --8<-- [end:task]

# The check (no need to read it to do the exercise).

def keras_cost(y, p):
    return float(BinaryCrossentropy()(y.reshape(-1, 1).astype("float32"), p.reshape(-1, 1)).numpy())


def call(fn, y, p):
    """fn(y, p) inside the check's error handling, its result as returned: one number."""
    y_seen, p_seen = y.copy(), p.copy()
    try:
        with np.errstate(all="ignore"):
            got = fn(y, p)
    except Exception as exc:  # noqa: BLE001 - any error is reported as a hint
        raise SystemExit(f"not yet: bce_cost raised {type(exc).__name__}: {exc}") from None
    if not (np.array_equal(y, y_seen) and np.array_equal(p, p_seen)):
        raise SystemExit("not yet: bce_cost changed the arrays y or p it was given (an in-place operation such "
                         "as p -= ... or p[...] = ...): compute new arrays and leave the inputs as they are")
    if got is None:
        raise SystemExit("not yet: bce_cost returned None; fill in the function: the loss of every "
                         "example, -y log p - (1 - y) log(1 - p), then their mean")
    shape = np.shape(got)
    if shape != ():
        raise SystemExit(f"not yet: bce_cost returned an array of shape {shape}; the cost is one number "
                         "(shape ()): the mean of the losses, np.mean(...) without keepdims")
    got = float(got)
    if not np.isfinite(got):
        raise SystemExit(f"not yet: your cost is {got} for probabilities between 0.02 and 0.98: a log of 0 or of "
                         "a negative number; the terms are log(p) and log(1 - p)")
    return got


def check(fn):
    rng = np.random.default_rng(0)
    # Probabilities kept inside [0.02, 0.98]: Keras clips only below 1e-7 and above 1 - 1e-7, so
    # it computes the plain formula here (in float32: tolerance 1e-6, relative).
    y = rng.integers(0, 2, size=40).astype(np.float64)
    p = rng.uniform(0.02, 0.98, size=40)
    got, want = call(fn, y, p), keras_cost(y, p)
    losses = -y * np.log(p) - (1 - y) * np.log(1 - p)
    if np.isclose(got, -want, rtol=1e-6):
        raise SystemExit(f"not yet: your cost is {got:.4f}, negative: the loss has a minus sign, "
                         "-y log p - (1 - y) log(1 - p), since log p < 0 for p < 1")
    if np.isclose(got, losses.sum(), rtol=1e-6):
        raise SystemExit(f"not yet: your cost is {got:.4f}, {len(y)} times Keras's {want:.4f}: you summed "
                         "the losses; the cost is their mean (divide by m)")
    if np.isclose(got, np.mean(-y * np.log(p)), rtol=1e-6):
        raise SystemExit("not yet: your cost leaves out the examples with y = 0: add the second term, "
                         "-(1 - y) log(1 - p)")
    if np.isclose(got, np.mean(losses) / np.log(10), rtol=1e-6):
        raise SystemExit("not yet: you used log10; the cross-entropy uses the natural log, np.log")
    if not np.isclose(got, want, rtol=1e-6):
        raise SystemExit(f"not yet: your cost {got:.6f} differs from Keras's {want:.6f}; check the "
                         "formula -y log p - (1 - y) log(1 - p), averaged over the examples")
    # A second, smaller data set with integer labels: the mean does not depend on how many examples there are.
    y2, p2 = y[:7].astype(np.int64), p[:7].copy()
    got2, want2 = call(fn, y2, p2), keras_cost(y2, p2)
    if not np.isclose(got2, want2, rtol=1e-6):
        raise SystemExit(f"not yet: on 7 examples with integer labels your cost is {got2:.6f} and Keras's "
                         f"{want2:.6f}: divide by the number of examples m = len(y), not a fixed number")
    print(f"ok: bce_cost gives {got:.6f} on {len(y)} examples, Keras's BinaryCrossentropy() {want:.6f} "
          f"(difference {abs(got - want):.1e}); {got2:.6f} on 7 of them")


check(bce_cost)
