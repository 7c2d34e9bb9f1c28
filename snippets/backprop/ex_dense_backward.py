# # Exercise: a dense layer's backward pass, for a batch
#
# A dense layer computes $Z = A_{\text{prev}} W + \vec b$ for a batch: `A_prev` has shape
# `(m, n_in)` (one example per row), `W` has shape `(n_in, n_out)` (Keras's layout) and `b` shape
# `(n_out,)`. Backpropagation hands it `dZ` $= \partial J / \partial Z$, shape `(m, n_out)`. Write
# `dense_backward(A_prev, W, dZ)`, returning `(dW, db, dA_prev)`:
#
# $dW = A_{\text{prev}}^\top\, dZ$ (shape of `W`), $\quad db = \sum_{\text{examples}} dZ$ (shape of
# `b`), $\quad dA_{\text{prev}} = dZ\, W^\top$ (shape of `A_prev`).
#
# The check compares your three arrays with what `tf.GradientTape` computes for the same layer
# and the same `dZ`, on a batch of 6 examples, 4 inputs and 3 units (tolerance 1e-10), and
# recognises the transpose on the wrong side, `db` as a mean, and `db` left unsummed. Run this
# file: it stops with "not yet: ..." and a hint until your function is right, then prints "ok: ...".

import numpy as np
import tensorflow as tf


# --8<-- [start:task]
def dense_backward(A_prev, W, dZ):
    """Gradients of a dense layer Z = A_prev @ W + b, given dZ = dJ/dZ: returns (dW, db, dA_prev)."""
    # Your code here: three lines, one matrix product or sum each.
    return None
# --8<-- [end:task]

# The check (no need to read it to do the exercise).

def check(fn):
    rng = np.random.default_rng(0)
    m, n_in, n_out = 6, 4, 3
    A_prev, W = rng.normal(size=(m, n_in)), rng.normal(size=(n_in, n_out))
    b, dZ = rng.normal(size=n_out), rng.normal(size=(m, n_out))
    a_t, w_t, b_t = tf.constant(A_prev), tf.constant(W), tf.constant(b)
    with tf.GradientTape() as tape:
        tape.watch([a_t, w_t, b_t])
        Z = a_t @ w_t + b_t
    # dZ as the gradient arriving from above: the tape's backward pass from Z with dJ/dZ = dZ.
    want_dA, want_dW, want_db = (g.numpy() for g in tape.gradient(Z, [a_t, w_t, b_t],
                                                                   output_gradients=tf.constant(dZ)))
    try:
        out = fn(A_prev.copy(), W.copy(), dZ.copy())
        if out is None:
            raise SystemExit("not yet: dense_backward returned None; fill in the function and return "
                             "(dW, db, dA_prev)")
        dW, db, dA = (np.asarray(x, dtype=np.float64) for x in out)
    except SystemExit:
        raise
    except Exception as exc:  # noqa: BLE001 - any error is reported as a hint
        raise SystemExit(f"not yet: dense_backward raised {type(exc).__name__}: {exc}") from None
    tol = 1e-10
    if dW.shape == (n_out, n_in):
        raise SystemExit(f"not yet: dW has shape {dW.shape}, the transpose of W's {W.shape}: the transpose "
                         "is on the wrong side; dW = A_prev.T @ dZ")
    if dW.shape != W.shape or not np.allclose(dW, want_dW, rtol=0, atol=tol):
        raise SystemExit(f"not yet: dW differs from GradientTape's (shape {dW.shape}, W's is {W.shape}); "
                         "dW = A_prev.T @ dZ")
    if db.shape == dZ.shape:
        raise SystemExit(f"not yet: db has shape {db.shape}, one row per example: db not summed over the "
                         "batch; db = dZ.sum(axis=0)")
    if db.shape == (n_out,) and np.allclose(db, want_db / m, rtol=0, atol=tol):
        raise SystemExit(f"not yet: db is the mean of dZ over the batch, {m} times too small: db as a mean; "
                         "the cost's gradient adds up every example's, db = dZ.sum(axis=0) (a 1/m in J "
                         "is already inside dZ)")
    if db.reshape(-1).shape != (n_out,) or not np.allclose(db.reshape(-1), want_db, rtol=0, atol=tol):
        raise SystemExit(f"not yet: db differs from GradientTape's (shape {db.shape}, b's is {b.shape}); "
                         "db = dZ.sum(axis=0)")
    if dA.shape == (n_in, m):
        raise SystemExit(f"not yet: dA_prev has shape {dA.shape}, the transpose of A_prev's {A_prev.shape}: "
                         "the transpose is on the wrong side; dA_prev = dZ @ W.T")
    if dA.shape != A_prev.shape or not np.allclose(dA, want_dA, rtol=0, atol=tol):
        raise SystemExit(f"not yet: dA_prev differs from GradientTape's (shape {dA.shape}, A_prev's is "
                         f"{A_prev.shape}); dA_prev = dZ @ W.T")
    worst = max(np.abs(dW - want_dW).max(), np.abs(db.reshape(-1) - want_db).max(), np.abs(dA - want_dA).max())
    print(f"ok: dW {dW.shape}, db {db.reshape(-1).shape} and dA_prev {dA.shape} match tf.GradientTape on a "
          f"batch of {m} (largest difference {worst:.1e}, tolerance {tol:.0e})")


check(dense_backward)
