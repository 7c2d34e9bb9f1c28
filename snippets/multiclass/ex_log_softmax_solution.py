# # Exercise: a log-softmax that never overflows
#
# Write `log_softmax(z)`: for each row of logits `z` (shape `(m, n)`), the logarithms of the
# softmax probabilities, $\log a_j = z_j - \log \sum_k e^{z_k}$. It must stay finite for logits as
# large as 1000, where $e^{z}$ overflows: subtract each row's maximum first. Leave `z` as it is.
#
# The check compares your function, as it returns (shape and values), with `tf.nn.log_softmax`
# on random logits of shape (5, 4) (tolerance 1e-5), on the logits [1000, 0, -1000], where
# $e^{1000}$ overflows and the probabilities $e^{-1000}$ and $e^{-2000}$ underflow to 0, and on
# a batch whose rows have different maxima. Run this file: it stops with "not yet: ..." and a
# hint until your function is right, then prints "ok: ...".

import numpy as np
import tensorflow as tf


# --8<-- [start:task]
def log_softmax(z):
    """Row-wise log-softmax of a 2-D array of logits."""
    shifted = z - np.max(z, axis=1, keepdims=True)
    return shifted - np.log(np.sum(np.exp(shifted), axis=1, keepdims=True))
# --8<-- [end:task]

# The check (no need to read it to do the exercise).

def call(fn, z):
    """fn(z) inside the check's error handling, as returned (shape and dtype), with z left unchanged."""
    seen = z.copy()
    try:
        with np.errstate(all="ignore"):
            got = fn(z)
        if got is None:
            raise SystemExit("not yet: log_softmax returned None; fill in the function: subtract each row's "
                             "maximum, then the log of the sum of the exponentials")
        got = np.asarray(got)
    except SystemExit:
        raise
    except Exception as exc:  # noqa: BLE001 - any error is reported as a hint
        raise SystemExit(f"not yet: log_softmax raised {type(exc).__name__}: {exc}") from None
    if not np.array_equal(z, seen):
        raise SystemExit("not yet: log_softmax changed its argument z in place (z -= ... changes the caller's "
                         "array): write shifted = z - ... and leave z as it is")
    if got.shape != z.shape:
        raise SystemExit(f"not yet: log_softmax returned shape {got.shape} for logits of shape {z.shape}; "
                         "return one log-probability per logit")
    if got.dtype.kind != "f":
        raise SystemExit(f"not yet: log_softmax returned an array of {got.dtype}; log-probabilities are real numbers")
    return got


def check(fn):
    rng = np.random.default_rng(0)
    z = rng.normal(size=(5, 4)) * 3
    got = call(fn, z)
    want = tf.nn.log_softmax(z, axis=-1).numpy()
    if not np.all(np.isfinite(got)):
        raise SystemExit("not yet: log_softmax returned nan or inf on ordinary logits")
    if np.allclose(got, tf.nn.log_softmax(z, axis=0).numpy(), atol=1e-5):
        raise SystemExit("not yet: your log_softmax normalises each column (axis=0); "
                         "each row (axis=1) is one example's logits")
    if np.allclose(got, z - z.max(axis=1, keepdims=True), atol=1e-5):
        raise SystemExit("not yet: you subtracted the maximum but not the log of the sum of exponentials")
    if not np.allclose(got, want, atol=1e-5):
        raise SystemExit(f"not yet: log_softmax differs from tf.nn.log_softmax by up to "
                         f"{np.abs(got - want).max():.3g}; check the formula z_j - log(sum_k e^z_k)")
    big = np.array([[1000.0, 0.0, -1000.0]])
    got_big = call(fn, big)
    # Overflow spoils the largest logit's entry (e^1000 is inf); underflow only the smallest one's.
    if not np.isfinite(got_big[0, 0]) or np.any(np.isnan(got_big)) or np.any(got_big == np.inf):
        raise SystemExit(f"not yet: log_softmax gives {got_big[0].tolist()} for the logits [1000, 0, -1000]: it "
                         "overflows (exp(1000) is inf, and inf / inf is nan): subtract each row's maximum before "
                         "exponentiating")
    if np.any(got_big == -np.inf):
        raise SystemExit(f"not yet: log_softmax gives {got_big[0].tolist()} for the logits [1000, 0, -1000]: the "
                         "softmax's tiny probabilities (e^-1000, e^-2000) underflow to 0 in float64, and log(0) = "
                         "-inf. The log of the softmax loses them: compute (z - max) - log(sum(exp(z - max))), "
                         "not log(a)")
    if not np.allclose(got_big, tf.nn.log_softmax(big, axis=-1).numpy(), atol=1e-5):
        raise SystemExit(f"not yet: log_softmax gives {got_big[0].tolist()} for the logits [1000, 0, -1000], not "
                         "[0, -1000, -2000]")
    # Two rows far apart: one maximum for the whole batch underflows the second row to log(0).
    apart = np.array([[1000.0, 0.0], [-1000.0, -1001.0]])
    got_apart = call(fn, apart)
    if not np.allclose(got_apart, tf.nn.log_softmax(apart, axis=-1).numpy(), atol=1e-5):
        raise SystemExit(f"not yet: log_softmax gives {got_apart.tolist()} on the batch [[1000, 0], "
                         "[-1000, -1001]]: subtract each row's own maximum (axis=1, keepdims=True), not one "
                         "maximum for the whole batch")
    print(f"ok: log_softmax matches tf.nn.log_softmax on logits of shape {z.shape} (largest difference "
          f"{np.abs(got - want).max():.1e}), gives {got_big[0, 0]:.1f} for the logit 1000 among [1000, 0, -1000] "
          "and handles rows whose maxima differ")


check(log_softmax)
