# # Round-off: the same number computed two ways
#
# The course's video *Improved implementation of softmax* opens with two ways to compute 2/10000:
# directly, x1 = 2/10000, and through intermediate values, x2 = (1 + 1/10000) - (1 - 1/10000).
# In exact arithmetic both are 0.0002. In floating point, 1 + 1/10000 and 1 - 1/10000 are each
# rounded to the nearest number the type has near 1, an error of up to half its machine epsilon
# eps (the gap between 1 and the next number), and the subtraction keeps those errors while the
# leading 1s cancel: x2 can be off by up to eps, which is large next to 0.0002.

import numpy as np

for dtype in (np.float64, np.float32):
    one, ten_thousand = dtype(1), dtype(10000)
    x1 = dtype(2) / ten_thousand
    x2 = (one + one / ten_thousand) - (one - one / ten_thousand)
    eps = np.finfo(dtype).eps
    error = abs(float(x2) - float(x1))
    print(f"{dtype.__name__}: x1 = {x1:.18f}")
    print(f"{dtype.__name__}: x2 = {x2:.18f}   |x2 - x1| = {error:.1e}, eps = {eps:.1e}, "
          f"relative error {error / float(x1):.1e}")
    assert x2 != x1  # the two routes give different numbers
    assert error <= eps  # two roundings near 1, each at most eps/2; the subtraction itself is exact
    assert error / float(x1) > 100 * eps  # relative to 0.0002, far more than one rounding

# The same happens in a loss computed from an intermediate value. For a label y = 0 the binary
# cross-entropy is -log(1 - a) with a = g(z): for a large z, 1 - a subtracts two numbers near 1.
# From the logit it is z + log(1 + e^-z) (the stable form of the from_logits page), with no such
# subtraction. Both in float32, against the same formula in float64:

print(f"\ny = 0: the loss in float32 {'z':>6} {'-log(1 - g(z))':>15} {'from z':>11} {'float64':>11}")
errors_a, errors_z = [], []
for z in (5.0, 10.0, 15.0):
    exact = z + np.log1p(np.exp(-z))
    z32 = np.float32(z)
    a = np.float32(1) / (np.float32(1) + np.exp(-z32))
    via_a = -np.log(np.float32(1) - a)
    via_z = z32 + np.log1p(np.exp(-z32))
    assert via_a.dtype == via_z.dtype == np.float32
    errors_a.append(abs(float(via_a) - exact) / exact)
    errors_z.append(abs(float(via_z) - exact) / exact)
    print(f"{z:33.0f} {via_a:15.7f} {via_z:11.7f} {exact:11.7f}")
print(f"largest relative error: through a {max(errors_a):.1e}, from z {max(errors_z):.1e}")
assert max(errors_z) < 1e-6  # from the logit: float32 round-off only
assert errors_a == sorted(errors_a) and errors_a[-1] > 1e-3  # through a: growing with z, above 0.1 %
