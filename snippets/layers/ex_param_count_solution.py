# # Exercise: predict the parameter counts of a Conv1D and a Dense layer
#
# A signal of 64 time steps with 3 channels (shape `(64, 3)`) goes into one of two layers, each
# with 8 units:
#
# - `Conv1D(filters=8, kernel_size=5)`, applied to the sequence as it is;
# - `Dense(8)`, applied to the same signal flattened into 192 numbers.
#
# **Before running anything**, count each layer's parameters (weights and biases) by hand and set
# `answer = (conv_params, dense_params)`. The check builds both layers in Keras and compares
# with `count_params()`; it recognises forgotten biases, a kernel counted once per position
# instead of shared, a kernel that ignores the channels, and the two counts in the wrong order.
# Run this file: it stops with "not yet: ..." and a hint until your answer is right, then prints
# "ok: ...".

import numpy as np
from tensorflow.keras import Input, Sequential
from tensorflow.keras.layers import Conv1D, Dense, Flatten

# --8<-- [start:task]
# Your answer: (parameters of the Conv1D layer, parameters of the Dense layer)
answer = (5 * 3 * 8 + 8, 64 * 3 * 8 + 8)  # (128, 1544)
# --8<-- [end:task]

# The check (no need to read it to do the exercise).

def check(answer):
    steps, channels, units, k = 64, 3, 8, 5
    conv = Sequential([Input(shape=(steps, channels)), Conv1D(filters=units, kernel_size=k)])
    dense = Sequential([Input(shape=(steps, channels)), Flatten(), Dense(units)])
    want = (conv.count_params(), dense.count_params())
    if answer is None:
        raise SystemExit("not yet: answer is None; set answer = (conv_params, dense_params): count each "
                         "layer's weights, then its biases")
    if isinstance(answer, (str, bytes, dict)) or np.ndim(answer) != 1 or len(answer) != 2:
        raise SystemExit(f"not yet: answer is {answer!r}; it must be two whole numbers, (conv_params, dense_params)")
    conv_n, dense_n = answer
    if not all(isinstance(n, (int, float, np.integer, np.floating)) for n in answer):
        raise SystemExit(f"not yet: answer is {answer!r}; it must be two whole numbers, (conv_params, dense_params)")
    if sorted((conv_n, dense_n), key=float) == sorted(want) and (conv_n, dense_n) != want:
        raise SystemExit(f"not yet: your two counts are right but swapped: ({conv_n}, {dense_n}) gives the Dense "
                         f"layer's first; answer = (conv_params, dense_params), the Conv1D layer's first")
    for n in (conv_n, dense_n):
        if isinstance(n, bool) or not isinstance(n, (int, np.integer)):
            kind = "the right counts" if tuple(map(float, (conv_n, dense_n))) == want else "counts"
            raise SystemExit(f"not yet: ({conv_n!r}, {dense_n!r}) are {kind}, but a {type(n).__name__} is not "
                             "a whole number: a count of parameters is an int (round and convert with int())")
    positions = steps - k + 1
    if (conv_n, dense_n) == want:
        print(f"ok: Conv1D {conv_n} parameters (one kernel of {k} x {channels} x {units} weights shared by "
              f"all {positions} positions, {units} biases), Dense {dense_n} ({steps * channels} x {units} "
              f"weights, {units} biases): Keras's count_params() agrees")
        return
    if (conv_n, dense_n) == (want[0] - units, want[1] - units) or conv_n == want[0] - units or \
            dense_n == want[1] - units:
        raise SystemExit(f"not yet: you forgot the biases: each of the {units} units (filters) has one "
                         "bias besides its weights")
    if conv_n in (positions * k * channels * units, positions * k * channels * units + units,
                  positions * (k * channels * units + units)):
        raise SystemExit(f"not yet: you counted the Conv1D kernel once per position ({positions} "
                         "positions); a convolution shares ONE kernel across all positions: weights per "
                         "position are what Dense would have")
    if conv_n in (k * units + units, k * units):
        raise SystemExit(f"not yet: your Conv1D kernel ignores the {channels} channels: each filter has "
                         f"kernel_size x channels = {k} x {channels} weights")
    if conv_n != want[0]:
        raise SystemExit(f"not yet: the Conv1D layer does not have {conv_n} parameters; count one kernel "
                         "(kernel_size x channels weights per filter) and one bias per filter")
    raise SystemExit(f"not yet: the Dense layer does not have {dense_n} parameters; it sees the "
                     f"{steps} x {channels} signal flattened: one weight per input per unit, one bias per unit")


check(answer)
