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
# The kernel is slid along the sequence as it is, not flipped (a cross-correlation, as in every
# deep-learning library). The check compares your output with `keras.layers.Conv1D` holding the
# same weights (tolerance 1e-5) on a sequence of 12 steps with 2 channels, a kernel of 4 steps and
# 3 filters, and recognises a flipped kernel, an output one position too short or too long, and a
# forgotten bias. Run this file: it stops with "not yet: ..." and a hint until your function is
# right, then prints "ok: ...".

import numpy as np
from tensorflow.keras import Input, Sequential
from tensorflow.keras.layers import Conv1D


# --8<-- [start:task]
def conv1d(x, kernel, bias):
    """Valid 1-D cross-correlation of x (L, c_in) with kernel (k, c_in, c_out), plus bias (c_out,)."""
    # Your code here: for each position p, the window x[p:p + k] times the kernel, summed, plus bias.
    return None
# --8<-- [end:task]

# The check (no need to read it to do the exercise).

def check(fn):
    rng = np.random.default_rng(0)
    L, c_in, k, c_out = 12, 2, 4, 3
    x = rng.normal(size=(L, c_in)).astype("float32")
    kernel = rng.normal(size=(k, c_in, c_out)).astype("float32")
    bias = rng.normal(size=c_out).astype("float32") + 2.0  # well away from 0: a forgotten bias shows
    layer = Conv1D(filters=c_out, kernel_size=k)
    model = Sequential([Input(shape=(L, c_in)), layer])
    layer.set_weights([kernel, bias])
    want = model.predict(x[None], verbose=0)[0]  # shape (L - k + 1, c_out)
    try:
        got = fn(x.copy(), kernel.copy(), bias.copy())
        if got is None:
            raise SystemExit("not yet: conv1d returned None; fill in the function: for each position p, "
                             "sum x[p:p + k] times the kernel, plus the bias")
        got = np.asarray(got, dtype=np.float64)
    except SystemExit:
        raise
    except Exception as exc:  # noqa: BLE001 - any error is reported as a hint
        raise SystemExit(f"not yet: conv1d raised {type(exc).__name__}: {exc}") from None
    n = L - k + 1
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
    tol = 1e-5
    if np.allclose(got, want, rtol=0, atol=tol):
        print(f"ok: conv1d matches keras.layers.Conv1D: output {got.shape} for a sequence {x.shape} and a "
              f"kernel {kernel.shape} (largest difference {np.abs(got - want).max():.1e}, tolerance {tol:.0e})")
        return
    flipped = np.stack([np.einsum("ic,icf->f", x[p:p + k], kernel[::-1]) for p in range(n)]) + bias
    if np.allclose(got, flipped, rtol=0, atol=tol):
        raise SystemExit("not yet: you flipped the kernel (kernel[::-1], a convolution as in signal "
                         "processing); Keras's Conv1D slides it as it is: out[p] = sum_i x[p + i] * kernel[i]")
    if np.allclose(got, want - bias, rtol=0, atol=tol):
        raise SystemExit("not yet: you forgot the bias: every filter f adds bias[f] at every position")
    raise SystemExit(f"not yet: your output differs from Conv1D's by up to {np.abs(got - want).max():.3g}; "
                     "out[p, f] = sum over i and c of x[p + i, c] * kernel[i, c, f], plus bias[f]")


check(conv1d)
