# # Note B's binary cross-entropy, without its second logarithm
#
# Note B writes the loss as L = -y log(f) - (1 - y)(1 - f): the second term has no log. For a
# label y = 0 that is -(1 - f): negative, and never above 0 however wrong the prediction f is
# (a confident wrong f = 0.99 costs only -0.01). Binary cross-entropy is
# L = -y log(f) - (1 - y) log(1 - f): 0 for a perfect prediction, growing without bound as the
# prediction goes wrong.

import numpy as np

f = np.array([0.01, 0.5, 0.99])   # predicted P(y = 1 | x) for an example whose label is y = 0
y = 0.0
note = -y * np.log(f) - (1 - y) * (1 - f)          # Note B, as written
bce = -y * np.log(f) - (1 - y) * np.log(1 - f)     # binary cross-entropy
for fi, wrong, right in zip(f, note, bce):
    print(f"y = 0, f = {fi:.2f}: Note B's loss = {wrong:+.4f}, binary cross-entropy = {right:.4f}")

assert np.all(note < 0), note                   # a loss below 0
assert np.all(note <= 0) and note[2] > -0.02    # a confident mistake costs almost nothing
assert bce[0] < 0.02 and bce[2] > 4.0, bce      # BCE: near 0 when right, large when wrong
