# # Exercise: a log-softmax that never overflows
#
# Write `log_softmax(z)`: for each row of logits `z` (shape `(m, n)`), the logarithms of the
# softmax probabilities, $\log a_j = z_j - \log \sum_k e^{z_k}$. It must stay finite for logits as
# large as 1000, where $e^{z}$ overflows: subtract each row's maximum first.
#
# The check compares your function with `tf.nn.log_softmax` on random logits (tolerance 1e-5), on
# logits of ±1000, and on a batch whose rows have different maxima. Run this file: it stops with
# "not yet: ..." and a hint until your function is right, then prints "ok: ...".

import numpy as np
import tensorflow as tf


# --8<-- [start:task]
def log_softmax(z):
    """Row-wise log-softmax of a 2-D array of logits."""
    # Your code here: subtract each row's maximum, then the log of the sum of exponentials.
    return None
# --8<-- [end:task]

# The check (no need to read it to do the exercise).

def check(fn):
    rng = np.random.default_rng(0)
    z = rng.normal(size=(5, 4)) * 3
    try:
        got = fn(z)
        if got is None:
            raise SystemExit("not yet: log_softmax returned None; fill in the function: subtract each row's "
                             "maximum, then the log of the sum of the exponentials")
        got = np.asarray(got, dtype=np.float64)
    except Exception as exc:  # noqa: BLE001 - any error is reported as a hint
        raise SystemExit(f"not yet: log_softmax raised {type(exc).__name__}: {exc}") from None
    if got.shape != z.shape:
        raise SystemExit(f"not yet: log_softmax returned shape {got.shape} for logits of shape {z.shape}; "
                         "return one log-probability per logit")
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
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        got_big = np.asarray(fn(big), dtype=np.float64)
        if not np.all(np.isfinite(got_big)):
            raise SystemExit("not yet: log_softmax overflows on logits of 1000 (exp(1000) is inf): "
                             "subtract each row's maximum before exponentiating")
        # Two rows far apart: one maximum for the whole batch underflows the second row to log(0).
        apart = np.array([[1000.0, 0.0], [-1000.0, -1001.0]])
        got_apart = np.asarray(fn(apart), dtype=np.float64)
    if not np.allclose(got_apart, tf.nn.log_softmax(apart, axis=-1).numpy(), atol=1e-5):
        raise SystemExit("not yet: log_softmax is wrong on the batch [[1000, 0], [-1000, -1001]]: "
                         "subtract each row's own maximum (keepdims=True), not one maximum for the batch")
    print(f"ok: log_softmax matches tf.nn.log_softmax (largest difference {np.abs(got - want).max():.1e}) "
          f"and gives {got_big[0, 0]:.1f} for the logit 1000 among [1000, 0, -1000]")


check(log_softmax)
