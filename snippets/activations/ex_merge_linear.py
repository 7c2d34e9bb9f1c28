# # Exercise: two linear layers are one
#
# A `Dense` layer with the linear activation computes $A W + b$ for a batch $A$ of inputs (one
# example per row; Keras stores $W$ with one row per input and one column per unit). Two such
# layers in a row compute $(A W_1 + b_1) W_2 + b_2$, which is again one linear layer.
#
# Write `merge(W1, b1, W2, b2)`: the weights `W` and bias `b` of the single `Dense` layer that
# computes exactly what the two layers compute, for every input. Multiply out the expression
# above and read off $W$ and $b$.
#
# The check builds the two-layer Keras model with random weights and biases, sets your `W` and
# `b` into a one-layer model, and compares their outputs on random inputs (float32, tolerance
# 1e-4), first with square weight matrices, then with layers of 5, 3 and 2 units on 4 inputs; it
# wants `W` and `b` of the shapes of one layer's weights, and the arrays it passed unchanged.
# Run this file: it stops with "not yet: ..." and a hint until your function is right, then
# prints "ok: ...".

import numpy as np
import tensorflow as tf
from tensorflow.keras import Input, Sequential
from tensorflow.keras.layers import Dense


# --8<-- [start:task]
def merge(W1, b1, W2, b2):
    """W and b of one linear Dense layer equal to Dense(W1, b1) followed by Dense(W2, b2)."""
    # Your code here: multiply out (A W1 + b1) W2 + b2.
    return None
# --8<-- [end:task]

# The check (no need to read it to do the exercise).

def two_layers(n_in, n_hidden, n_out, rng):
    model = Sequential([Input(shape=(n_in,)), Dense(n_hidden, activation="linear"),
                        Dense(n_out, activation="linear")])
    weights = [rng.normal(size=w.shape).astype(np.float32) for w in model.get_weights()]
    model.set_weights(weights)
    return model, weights


def merged_outputs(fn, weights, X):
    """fn's W and b as returned (the arrays it was given left unchanged), and one layer's outputs with them."""
    seen = [w.copy() for w in weights]
    try:
        got = fn(*weights)
        if got is None:
            raise SystemExit("not yet: merge returned None; fill in the function: return W, b from "
                             "(A W1 + b1) W2 + b2 = A (...) + (...)")
        if len(got) != 2:
            raise SystemExit(f"not yet: merge returned {len(got)} things; return two, W and b")
        W, b = (np.asarray(v) for v in got)
    except SystemExit:
        raise
    except Exception as exc:  # noqa: BLE001 - any error is reported as a hint
        raise SystemExit(f"not yet: merge raised {type(exc).__name__}: {exc}") from None
    if not all(np.array_equal(w, s) for w, s in zip(weights, seen)):
        raise SystemExit("not yet: merge changed the arrays it was given (an in-place operation such as "
                         "W1 @= ... or b2 += ...): compute new arrays and leave the inputs as they are")
    n_in, n_out = weights[0].shape[0], weights[3].shape[0]
    if W.shape != (n_in, n_out) or b.shape != (n_out,):
        raise SystemExit(f"not yet: merge returned W of shape {W.shape} and b of shape {b.shape}; one layer "
                         f"from {n_in} inputs to {n_out} units needs W {(n_in, n_out)} and b {(n_out,)}")
    if W.dtype.kind != "f" or b.dtype.kind != "f":
        raise SystemExit(f"not yet: merge returned W of dtype {W.dtype} and b of dtype {b.dtype}; weights are "
                         "real numbers (float)")
    one = Sequential([Input(shape=(n_in,)), Dense(n_out, activation="linear")])
    one.set_weights([W.astype(np.float32), b.astype(np.float32)])
    return W, b, one(X).numpy()


def check(fn):
    tf.keras.utils.set_random_seed(0)
    rng = np.random.default_rng(0)
    for n_in, n_hidden, n_out in ((3, 3, 3), (4, 5, 3), (4, 3, 2)):
        model, weights = two_layers(n_in, n_hidden, n_out, rng)
        W1, b1, W2, b2 = weights
        X = rng.normal(size=(50, n_in)).astype(np.float32)
        want = model(X).numpy()
        W, b, got = merged_outputs(fn, weights, X)
        if np.allclose(got, want, atol=1e-4, rtol=1e-4):
            continue
        if W1.shape == W2.shape == W.shape and np.allclose(W, W2 @ W1, atol=1e-4):
            raise SystemExit("not yet: W is W2 @ W1, the product in the wrong order: the input meets W1 "
                             "first, A W1 W2, so W = W1 @ W2")
        if W1.shape == W2.shape == W.shape and np.allclose(W, W1 * W2, atol=1e-4):
            raise SystemExit("not yet: W1 * W2 multiplies element by element; the layers compose by the "
                             "matrix product, W1 @ W2")
        if np.allclose(W, W1 @ W2, atol=1e-4):
            if np.allclose(b, b2, atol=1e-4):
                raise SystemExit("not yet: W is right but b is b2 alone: the first layer's bias b1 goes "
                                 "through the second layer too, adding b1 @ W2")
            if np.allclose(b, b1 + b2, atol=1e-4):
                raise SystemExit("not yet: b is b1 + b2, but b1 is multiplied by W2 in the second layer: "
                                 "b = b1 @ W2 + b2")
            raise SystemExit("not yet: W is right, b is not; multiply out (A W1 + b1) W2 + b2 and "
                             "collect the terms without A")
        raise SystemExit(f"not yet: with layers of {n_hidden} and {n_out} units on {n_in} inputs the merged "
                         f"layer differs from the two layers by up to {np.abs(got - want).max():.3g}; "
                         "multiply out (A W1 + b1) W2 + b2")
    print(f"ok: one Dense layer with W of shape {W.shape} reproduces the two linear layers of "
          f"{n_hidden} and {n_out} units (largest difference {np.abs(got - want).max():.1e})")


check(merge)
