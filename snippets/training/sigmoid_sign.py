# # Note A's sigmoid without its minus sign
#
# Note A writes the logistic model as `f_x = 1 / (1 + np.exp(z))`. Without the minus sign this is
# 1/(1 + e^z) = 1 - g(z): the probability of the *other* class. It runs, and gives the wrong
# number; the sigmoid is `1 / (1 + np.exp(-z))`.

import numpy as np

z = np.array([-2.0, 0.0, 2.0])
note = 1 / (1 + np.exp(z))        # Note A, as written
sigmoid = 1 / (1 + np.exp(-z))    # the sigmoid g(z)
for zi, wrong, right in zip(z, note, sigmoid):
    print(f"z = {zi:+.0f}: the note's 1/(1+exp(z)) = {wrong:.4f}, sigmoid g(z) = {right:.4f}")

# The note's value is exactly 1 - g(z) (float64, tolerance 1e-12): it swaps the two classes,
# and it decreases where the sigmoid increases.
np.testing.assert_allclose(note, 1 - sigmoid, rtol=0, atol=1e-12)
assert abs(note[2] - sigmoid[2]) > 0.7, (note[2], sigmoid[2])
assert np.all(np.diff(note) < 0) and np.all(np.diff(sigmoid) > 0)
