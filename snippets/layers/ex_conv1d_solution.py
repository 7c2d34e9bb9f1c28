# # Exercise: a Conv1D layer's output, window by window
#
# Write `conv1d(x, kernel, bias)`: what `Conv1D(filters, kernel_size)` computes (stride 1,
# `padding="valid"`, no activation) for one sequence `x` of shape `(L, c_in)` (L time steps,
# c_in channels), with Keras's weights: `kernel` of shape `(k, c_in, c_out)` and `bias` of shape
# `(c_out,)`. The output has one row per position where a window of k steps fits inside the
# sequence, $L - k + 1$ of them, and one column per filter:
#
# $\text{out}[p, f] = \sum_{i=0}^{k-1} \sum_{c} x[p + i, c]\; \text{kernel}[i, c, f] + \text{bias}[f]$.
#
# The kernel is slid along the sequence as it is, not flipped (a cross-correlation, as Keras
# computes it). Leave the arrays passed in unchanged.
#
# The check compares your output, as you return it, with `keras.layers.Conv1D` holding the same
# weights (tolerance 1e-5) on a sequence of 12 steps with 2 channels, a kernel of 4 steps and 3
# filters, then on other sizes (7 steps, 3 channels, a kernel of 2, 1 filter; a kernel as long as
# the sequence), and recognises a flipped kernel, an output one position too short or too long,
# a forgotten bias, and sizes written into the code. Run this file: it stops with "not yet: ..."
# and a hint until your function is right, then prints "ok: ...".

import numpy as np
from tensorflow.keras import Input, Sequential
from tensorflow.keras.layers import Conv1D


# --8<-- [start:task]
def conv1d(x, kernel, bias):
    """Valid 1-D cross-correlation of x (L, c_in) with kernel (k, c_in, c_out), plus bias (c_out,)."""
    k = kernel.shape[0]
    windows = np.stack([x[p:p + k] for p in range(len(x) - k + 1)])  # (positions, k, c_in)
    return np.einsum("pic,icf->pf", windows, kernel) + bias
# --8<-- [end:task]

# The check (no need to read it to do the exercise).

CASES = ((12, 2, 4, 3), (7, 3, 2, 1), (5, 1, 5, 2))
"""(L, c_in, k, c_out) of each test: the first as the task says, then other sizes, down to one position."""


def keras_conv1d(x, kernel, bias):
    layer = Conv1D(filters=kernel.shape[2], kernel_size=kernel.shape[0])
    model = Sequential([Input(shape=x.shape), layer])
    layer.set_weights([kernel, bias])
    return model.predict(x[None], verbose=0)[0]  # shape (L - k + 1, c_out)


def sizes(L, c_in, k, c_out):
    def n(count, word):
        return f"{count} {word}" + ("" if count == 1 else "s")

    return (f"a sequence of {n(L, 'step')} with {n(c_in, 'channel')}, a kernel of {n(k, 'step')} and "
            f"{n(c_out, 'filter')}")


def check(fn):
    rng = np.random.default_rng(0)
    tol = 1e-5
    for case, (L, c_in, k, c_out) in enumerate(CASES):
        x = rng.normal(size=(L, c_in)).astype("float32")
        kernel = rng.normal(size=(k, c_in, c_out)).astype("float32")
        bias = rng.normal(size=c_out).astype("float32") + 2.0  # well away from 0: a forgotten bias shows
        want = keras_conv1d(x, kernel, bias)
        given = (x, kernel, bias)
        seen = [a.copy() for a in given]
        # Right on the first sizes, wrong on others: the sizes were written into the code.
        written_in = (f"your conv1d is right on {sizes(*CASES[0])}, but not on {sizes(L, c_in, k, c_out)}: "
                      "sizes written into the code? read L, k and c_out from x.shape and kernel.shape")
        try:
            got = fn(*given)
            if got is None:
                raise SystemExit("not yet: conv1d returned None; fill in the function: for each position p, "
                                 "sum x[p:p + k] times the kernel, plus the bias")
            got = np.asarray(got)
        except SystemExit:
            raise
        except Exception as exc:  # noqa: BLE001 - any error is reported as a hint
            if case:
                raise SystemExit(f"not yet: {written_in} (it raised {type(exc).__name__}: {exc})") from None
            raise SystemExit(f"not yet: conv1d raised {type(exc).__name__}: {exc}") from None
        if not all(np.array_equal(a, b) for a, b in zip(given, seen)):
            raise SystemExit("not yet: conv1d changed the arrays it was given (an in-place operation such as "
                             "x *= ... or kernel[...] = ...): compute new arrays and leave the inputs as they are")
        n = L - k + 1
        if got.shape != want.shape and case:
            raise SystemExit(f"not yet: {written_in} (output of shape {got.shape}, Conv1D's is {want.shape})")
        if got.ndim == 2 and got.shape[1] == c_out and got.shape[0] != n:
            if got.shape[0] == n - 1:
                raise SystemExit(f"not yet: your output has {got.shape[0]} positions, one too short: a window of "
                                 f"{k} steps fits {n} times in {L} steps (p = 0 ... L - k, range(L - k + 1))")
            if got.shape[0] == n + 1:
                raise SystemExit(f"not yet: your output has {got.shape[0]} positions, one too long: a window of "
                                 f"{k} steps fits {n} times in {L} steps (p = 0 ... L - k, range(L - k + 1))")
            if got.shape[0] == L:
                raise SystemExit(f"not yet: your output has {L} positions, as padding=\"same\" gives; "
                                 f"padding=\"valid\" keeps only the {n} windows that fit inside the sequence")
        if got.shape != want.shape:
            raise SystemExit(f"not yet: your output has shape {got.shape}, Conv1D's has {want.shape}: one row per "
                             "position, one column per filter")
        if got.dtype.kind != "f":
            raise SystemExit(f"not yet: your output is of dtype {got.dtype}; the layer's outputs are real numbers")
        if np.allclose(got, want, rtol=0, atol=tol):
            continue
        flipped = np.stack([np.einsum("ic,icf->f", x[p:p + k], kernel[::-1]) for p in range(n)]) + bias
        if np.allclose(got, flipped, rtol=0, atol=tol):
            raise SystemExit("not yet: you flipped the kernel (kernel[::-1], a convolution as in signal "
                             "processing); Keras's Conv1D slides it as it is: out[p] = sum_i x[p + i] * kernel[i]")
        if np.allclose(got, want - bias, rtol=0, atol=tol):
            raise SystemExit("not yet: you forgot the bias: every filter f adds bias[f] at every position")
        if case:
            raise SystemExit(f"not yet: {written_in} (it differs from Conv1D by up to {np.abs(got - want).max():.3g})")
        raise SystemExit(f"not yet: your output differs from Conv1D's by up to {np.abs(got - want).max():.3g}; "
                         "out[p, f] = sum over i and c of x[p + i, c] * kernel[i, c, f], plus bias[f]")
    L, c_in, k, c_out = CASES[0]
    print(f"ok: conv1d matches keras.layers.Conv1D on {len(CASES)} sizes, from an output of shape "
          f"{(L - k + 1, c_out)} for a sequence {(L, c_in)} and a kernel {(k, c_in, c_out)} down to a kernel as "
          f"long as the sequence, one position (tolerance {tol:.0e})")


check(conv1d)
