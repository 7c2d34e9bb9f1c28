# # Why backpropagation is efficient: counting the work
#
# A network with N nodes and P parameters. Finite differences need one extra evaluation of the
# cost per parameter, each a full forward pass of about N + P operations: about P x (N + P) in
# all. Backpropagation needs one forward pass and one backward pass, and the backward pass
# visits every node and every parameter a fixed number of times: about N + P.
#
# The program counts the arithmetic operations (multiply-adds and elementwise operations) of
# both, in NumPy, for dense ReLU networks 16 -> h -> h -> 1 of growing width h, on one example,
# and also times them. Counting is exact and does not depend on the machine; the times (plotted,
# not printed: they change from run to run) show the same thing, noisily.

import time

import matplotlib.pyplot as plt
import numpy as np

rng = np.random.default_rng(0)
ops = 0  # the operation counter


def matmul(A, B):
    global ops
    ops += A.shape[0] * A.shape[1] * B.shape[1]  # one multiply-add per term
    return A @ B


def elementwise(result):
    global ops
    ops += result.size
    return result


def init(sizes):
    return [(rng.normal(size=(n_in, n_out)) / np.sqrt(n_in), rng.normal(size=(1, n_out)) * 0.1)
            for n_in, n_out in zip(sizes[:-1], sizes[1:])]


def cost(params, x, y):
    """Forward pass: ReLU hidden layers, a linear output, J = 1/2 (f - y)^2."""
    a = x
    for k, (W, b) in enumerate(params):
        z = elementwise(matmul(a, W) + b)
        a = elementwise(np.maximum(z, 0)) if k < len(params) - 1 else z
    return float(elementwise((a - y) ** 2 / 2).sum())


def gradient_backprop(params, x, y):
    """One forward pass that keeps every layer's input and z, then one backward pass."""
    inputs, zs, a = [], [], x
    for k, (W, b) in enumerate(params):
        inputs.append(a)
        z = elementwise(matmul(a, W) + b)
        zs.append(z)
        a = elementwise(np.maximum(z, 0)) if k < len(params) - 1 else z
    delta = elementwise(a - y)                        # dJ/dz of the output
    grads = []
    for k in reversed(range(len(params))):
        W, _ = params[k]
        grads.append((matmul(inputs[k].T, delta), delta.copy()))   # dJ/dW, dJ/db
        if k > 0:
            delta = elementwise(matmul(delta, W.T) * (zs[k - 1] > 0))  # dJ/dz one layer down
    return grads[::-1]


def gradient_finite_differences(params, x, y, eps=1e-6):
    """One extra cost evaluation per parameter (forward differences)."""
    J0 = cost(params, x, y)
    grads = []
    for W, b in params:
        gW, gb = np.zeros_like(W), np.zeros_like(b)
        for array, g in ((W, gW), (b, gb)):
            for idx in np.ndindex(array.shape):
                saved = array[idx]
                array[idx] = saved + eps
                g[idx] = (cost(params, x, y) - J0) / eps
                array[idx] = saved
        grads.append((gW, gb))
    return grads


def timed(f, *args):
    best = np.inf
    for _ in range(3):  # the best of 3: the least disturbed by other programs on the machine
        start = time.perf_counter()
        f(*args)
        best = min(best, time.perf_counter() - start)
    return best


print(f"{'h':>3} {'N':>5} {'P':>6} {'backprop ops':>13} {'/ (N+P)':>8} {'finite-diff ops':>16}"
      f" {'/ P(N+P)':>9} {'ratio':>7}")
rows = []
for h in (2, 4, 8, 16, 32, 64, 96):
    sizes = [16, h, h, 1]
    params = init(sizes)
    x, y = rng.normal(size=(1, 16)), np.array([[0.5]])
    N = 2 * sum(sizes[1:])  # nodes: a z and an activation per unit
    P = sum(W.size + b.size for W, b in params)
    ops = 0
    bp = gradient_backprop(params, x, y)
    ops_bp = ops
    ops = 0
    fd = gradient_finite_differences(params, x, y)
    ops_fd = ops
    for (gW, gb), (fW, fb) in zip(bp, fd):  # the same gradient, to the accuracy of eps = 1e-6
        np.testing.assert_allclose(fW, gW, rtol=1e-3, atol=1e-4)
        np.testing.assert_allclose(fb, gb, rtol=1e-3, atol=1e-4)
    t_bp = timed(gradient_backprop, params, x, y)
    t_fd = timed(gradient_finite_differences, params, x, y)
    rows.append((h, N, P, ops_bp, ops_fd, t_bp, t_fd))
    print(f"{h:3d} {N:5d} {P:6d} {ops_bp:13d} {ops_bp / (N + P):8.2f} {ops_fd:16d}"
          f" {ops_fd / (P * (N + P)):9.2f} {ops_fd / ops_bp:7.0f}")

# The claims, on the counts: backprop costs a small constant times N + P at every size (between
# 1 and 3 here: each weight is used once forward, twice backward); finite differences cost about
# P times a forward pass; so their ratio grows in proportion to P. The time ratio, measured on a
# shared machine, is only asserted to exceed 10 at the largest network (it is far larger).

rows = np.array(rows, dtype=float)
h, N, P, ops_bp, ops_fd, t_bp, t_fd = rows.T
assert np.all((ops_bp / (N + P) > 1) & (ops_bp / (N + P) < 3)), ops_bp / (N + P)
assert np.all((ops_fd / (P * (N + P)) > 0.5) & (ops_fd / (P * (N + P)) < 2)), ops_fd / (P * (N + P))
assert np.all(np.diff(ops_fd / ops_bp) > 0)
ratio_per_P = ops_fd / ops_bp / P
print(f"(finite-diff ops / backprop ops) / P: from {ratio_per_P.min():.2f} to {ratio_per_P.max():.2f}")
assert ratio_per_P.max() < 2 * ratio_per_P.min()
assert t_fd[-1] > 10 * t_bp[-1], (t_fd[-1], t_bp[-1])

fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(9, 3.6), num="Cost of the gradient against the "
                               "number of parameters P: backpropagation grows like P, finite "
                               "differences like P squared; operations counted and times measured")
ax1.loglog(P, ops_bp, "o-", label="backpropagation")
ax1.loglog(P, ops_fd, "s-", label="finite differences")
ax1.set_xlabel("parameters P")
ax1.set_ylabel("arithmetic operations (counted)")
ax1.legend()
ax2.loglog(P, t_bp, "o-", label="backpropagation")
ax2.loglog(P, t_fd, "s-", label="finite differences")
ax2.set_xlabel("parameters P")
ax2.set_ylabel("seconds (best of 3)")
ax2.legend()
plt.show()
