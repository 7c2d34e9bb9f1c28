# # "ReLU is faster": what is true
#
# True: one ReLU evaluation is cheaper than one sigmoid. max(0, z) is a comparison; the sigmoid
# needs an exponential and a division. Timed on a million values, in processor time, the best of
# 15 runs each, so that other programs on the machine do not decide the result.
#
# Not the main reason: in a dense layer every unit first computes z = w . a + b, which is one
# multiply-add per input, and then one activation. Counted for the whole network below (the
# 25, 15 and 1 units of Note A's TensorFlow example on the 64 pixels of an 8x8 digit), the
# activations are about 2 % of the operations (an exponential costs more than a multiply-add,
# so their share of the time is larger, but the products w . a are most of the work). A cheaper
# activation saves only part of the time per step. The large effect of ReLU is that training
# needs fewer steps (the measurement in `relu_vs_sigmoid.py`).

import time
import timeit

import numpy as np

rng = np.random.default_rng(0)
z = rng.normal(size=1_000_000).astype(np.float32)

# Processor time (not wall time), the least of 15 repeats: what other programs running on the
# same machine do changes it little.
t_relu = min(timeit.repeat(lambda: np.maximum(0, z), number=5, repeat=15, timer=time.process_time))
t_sigmoid = min(timeit.repeat(lambda: 1 / (1 + np.exp(-z)), number=5, repeat=15, timer=time.process_time))
print(f"a million sigmoids cost more than 1.5 times as much as a million ReLUs: {t_sigmoid > 1.5 * t_relu}")
assert t_sigmoid > 1.5 * t_relu, (t_sigmoid, t_relu)

# Operations per example in the whole network: 64 inputs, then 25, 15 and 1 units.

sizes = [64, 25, 15, 1]
multiply_adds = sum(n_in * n_out for n_in, n_out in zip(sizes[:-1], sizes[1:], strict=True))
activations = sum(sizes[1:])
share = activations / (multiply_adds + activations)
print(f"64-25-15-1 network, per example: {multiply_adds} multiply-adds for z, "
      f"{activations} activations ({100 * share:.1f} % of the operations)")
assert multiply_adds == 64 * 25 + 25 * 15 + 15 * 1 == 1990 and activations == 41
assert share < 0.03
