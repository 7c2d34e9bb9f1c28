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
# Leave the arrays passed in unchanged.
#
# The check compares your three arrays, as you return them (shape and values), with what
# `tf.GradientTape` computes for the same layer and the same `dZ` (float64, tolerance 1e-10), on a
# batch of 6 examples, 4 inputs and 3 units, then on one of 5 examples, 2 inputs and 4 units. It
# recognises the transpose on the wrong side, `db` as a mean, `db` left unsummed or of shape
# `(1, n_out)`, and the right formulas computed in float32. Run this file: it stops with
# "not yet: ..." and a hint until your function is right, then prints "ok: ...".

import numpy as np
import tensorflow as tf


# --8<-- [start:task]
def dense_backward(A_prev, W, dZ):
    """Gradients of a dense layer Z = A_prev @ W + b, given dZ = dJ/dZ: returns (dW, db, dA_prev)."""
    dW = A_prev.T @ dZ
    db = dZ.sum(axis=0)
    dA_prev = dZ @ W.T
    return dW, db, dA_prev
# --8<-- [end:task]

# The check (no need to read it to do the exercise).

def tape_gradients(A_prev, W, b, dZ):
    """dJ/dA_prev, dJ/dW, dJ/db from tf.GradientTape: the backward pass from Z with dJ/dZ = dZ."""
    a_t, w_t, b_t = tf.constant(A_prev), tf.constant(W), tf.constant(b)
    with tf.GradientTape() as tape:
        tape.watch([a_t, w_t, b_t])
        Z = a_t @ w_t + b_t
    return [g.numpy() for g in tape.gradient(Z, [a_t, w_t, b_t], output_gradients=tf.constant(dZ))]


def call(fn, A_prev, W, dZ):
    """fn's three arrays as returned (the arrays it was given left unchanged)."""
    given = (A_prev, W, dZ)
    seen = [a.copy() for a in given]
    try:
        out = fn(*given)
        if out is None:
            raise SystemExit("not yet: dense_backward returned None; fill in the function and return "
                             "(dW, db, dA_prev)")
        if len(out) != 3:
            raise SystemExit(f"not yet: dense_backward returned {len(out)} things; return (dW, db, dA_prev)")
        dW, db, dA = (np.asarray(x) for x in out)
    except SystemExit:
        raise
    except Exception as exc:  # noqa: BLE001 - any error is reported as a hint
        raise SystemExit(f"not yet: dense_backward raised {type(exc).__name__}: {exc}") from None
    if not all(np.array_equal(a, b) for a, b in zip(given, seen)):
        raise SystemExit("not yet: dense_backward changed the arrays it was given (an in-place operation such "
                         "as dZ *= ... or A_prev -= ...): compute new arrays and leave the inputs as they are")
    return dW, db, dA


def compare(name, got, want, hint, tol):
    """Shape first, then the values: a precision problem (float32) told apart from a wrong formula."""
    if got.shape != want.shape:
        raise SystemExit(f"not yet: {name} has shape {got.shape}, the parameter's is {want.shape}; {hint}")
    if np.allclose(got, want, rtol=0, atol=tol):
        return
    if np.allclose(got, want, rtol=1e-5, atol=1e-6):
        kind = f"came back as {got.dtype}" if got.dtype.itemsize < 8 else "is right to about 7 digits only"
        raise SystemExit(f"not yet: {name} {kind}: the formula is right, the precision is not; it differs from "
                         f"GradientTape's float64 by up to {np.abs(got - want).max():.1e}, above the tolerance "
                         f"{tol:.0e}, as float32 arithmetic does (about 7 significant digits): compute with the "
                         "float64 arrays you were given, without astype(np.float32)")
    raise SystemExit(f"not yet: {name} differs from GradientTape's by up to {np.abs(got - want).max():.3g} "
                     f"(shape {got.shape}); {hint}")


def check(fn):
    rng = np.random.default_rng(0)
    tol = 1e-10
    for m, n_in, n_out in ((6, 4, 3), (5, 2, 4)):
        A_prev, W = rng.normal(size=(m, n_in)), rng.normal(size=(n_in, n_out))
        b, dZ = rng.normal(size=n_out), rng.normal(size=(m, n_out))
        want_dA, want_dW, want_db = tape_gradients(A_prev, W, b, dZ)
        dW, db, dA = call(fn, A_prev, W, dZ)
        if dW.shape == (n_out, n_in):
            raise SystemExit(f"not yet: dW has shape {dW.shape}, the transpose of W's {W.shape}: the transpose "
                             "is on the wrong side; dW = A_prev.T @ dZ")
        compare("dW", dW, want_dW, "dW = A_prev.T @ dZ", tol)
        if db.shape == dZ.shape:
            raise SystemExit(f"not yet: db has shape {db.shape}, one row per example: db not summed over the "
                             "batch; db = dZ.sum(axis=0)")
        if db.shape == (1, n_out):
            raise SystemExit(f"not yet: db has shape {db.shape}, b's is {b.shape}: sum over the batch without "
                             "keepdims, db = dZ.sum(axis=0), so that db has the shape of b")
        if db.shape == (n_out,) and np.allclose(db, want_db / m, rtol=0, atol=tol):
            raise SystemExit(f"not yet: db is the mean of dZ over the batch, {m} times too small: db as a mean; "
                             "the cost's gradient adds up every example's, db = dZ.sum(axis=0) (a 1/m in J "
                             "is already inside dZ)")
        compare("db", db, want_db, "db = dZ.sum(axis=0)", tol)
        if dA.shape == (n_in, m):
            raise SystemExit(f"not yet: dA_prev has shape {dA.shape}, the transpose of A_prev's {A_prev.shape}: "
                             "the transpose is on the wrong side; dA_prev = dZ @ W.T")
        compare("dA_prev", dA, want_dA, "dA_prev = dZ @ W.T", tol)
    worst = max(np.abs(dW - want_dW).max(), np.abs(db - want_db).max(), np.abs(dA - want_dA).max())
    print(f"ok: dW, db and dA_prev match tf.GradientTape on a batch of 6 examples, 4 inputs and 3 units, then "
          f"of {m} examples, {n_in} inputs and {n_out} units (largest difference {worst:.1e}, tolerance {tol:.0e})")


check(dense_backward)
