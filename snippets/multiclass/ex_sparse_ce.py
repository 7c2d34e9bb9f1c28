# # Exercise: the sparse categorical cross-entropy of a batch, from logits
#
# Write `sparse_ce(z, y)`: the cost that `SparseCategoricalCrossentropy(from_logits=True)` computes
# for a batch. `z` holds the logits, one row of $N$ per example (shape `(m, N)`), and `y` the labels,
# one integer class $0 \dots N-1$ per example (shape `(m,)`). The loss of example $i$ is minus the
# log of the softmax probability of its own class,
#
# $$L^{(i)} = -\log a^{(i)}_{y^{(i)}} = \log \sum_k e^{z^{(i)}_k} - z^{(i)}_{y^{(i)}},$$
#
# and the cost is the mean of the $m$ losses: one number. Subtract each row's maximum before
# exponentiating (it cancels out), so that logits of 1000 do not overflow. To pick one entry per
# row, index with two arrays: `z[np.arange(m), y]`.
#
# The check compares your cost with Keras's on a random batch (tolerance 1e-5), on batches of
# other sizes, and on logits of 1000. Run this file: it stops with "not yet: ..." and a hint until
# your function is right, then prints "ok: ...".

import numpy as np
from tensorflow.keras.losses import SparseCategoricalCrossentropy


# --8<-- [start:task]
def sparse_ce(z, y):
    """Mean over the batch of -log softmax(z)[i, y[i]], for logits z (m, N) and integer labels y (m,)."""
    # Your code here: each row's log-sum-exp (after subtracting its maximum), minus the logit of
    # the example's own class, then the mean.
    return None
# --8<-- [end:task]

# The check (no need to read it to do the exercise).

def keras_cost(z, y):
    return float(SparseCategoricalCrossentropy(from_logits=True)(y, z).numpy())


def call(fn, z, y):
    try:
        with np.errstate(over="ignore", divide="ignore", invalid="ignore"):
            got = fn(z, y)
    except Exception as exc:  # noqa: BLE001 - any error is reported as a hint
        raise SystemExit(f"not yet: sparse_ce raised {type(exc).__name__}: {exc}") from None
    if got is None:
        raise SystemExit("not yet: sparse_ce returned None; fill in the function: log-sum-exp of each row "
                         "minus z[np.arange(m), y], then the mean")
    got = np.asarray(got, dtype=np.float64)
    if got.size != 1:
        raise SystemExit(f"not yet: sparse_ce returned an array of shape {got.shape}: the cost is one number, "
                         "the mean of the losses of the examples")
    return float(got.reshape(()))


def log_softmax(z):
    shifted = z - z.max(axis=1, keepdims=True)
    return shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))


def check(fn):
    rng = np.random.default_rng(0)
    m, n = 6, 4
    z = rng.normal(scale=3.0, size=(m, n))
    y = rng.integers(0, n, size=m)
    got, want = call(fn, z, y), keras_cost(z, y)
    log_a = log_softmax(z)
    if np.isclose(got, -log_a[:, y].mean(), rtol=1e-5):
        raise SystemExit("not yet: z[:, y] (or log_a[:, y]) takes every label's column for every example, an "
                         "m x m matrix: pick one entry per row with z[np.arange(m), y]")
    if np.isclose(got, -log_a[np.arange(m), y].sum(), rtol=1e-5):
        raise SystemExit(f"not yet: your cost is {got:.4f}, {m} times Keras's {want:.4f}: you summed the "
                         "losses; the cost is their mean")
    if np.isclose(got, -z[np.arange(m), y].mean(), rtol=1e-5):
        raise SystemExit("not yet: you took the log of e^z of the label without dividing by the sum of "
                         "exponentials: subtract log(sum_k e^z_k) of each row")
    if not np.isclose(got, want, rtol=1e-5):
        raise SystemExit(f"not yet: your cost {got:.6f} differs from Keras's {want:.6f}; check the formula "
                         "log(sum_k e^z_k) - z_y, averaged over the batch")
    sizes = []
    for size in (1, 11):
        z2, y2 = rng.normal(scale=3.0, size=(size, n)), rng.integers(0, n, size=size)
        got2, want2 = call(fn, z2, y2), keras_cost(z2, y2)
        if not np.isclose(got2, want2, rtol=1e-5):
            raise SystemExit(f"not yet: on a batch of {size} your cost is {got2:.6f} and Keras's {want2:.6f}: "
                             "average over the examples of the batch given, m = len(y)")
        sizes.append(size)
    big = np.array([[1000.0, 0.0, -1000.0, 999.0], [0.0, 1000.0, 0.0, 0.0]])
    y_big = np.array([3, 1])
    got_big, want_big = call(fn, big, y_big), keras_cost(big, y_big)
    if not np.isfinite(got_big):
        raise SystemExit("not yet: your cost is inf or nan for logits of 1000 (e^1000 overflows): subtract "
                         "each row's maximum before exponentiating")
    if not np.isclose(got_big, want_big, rtol=1e-5, atol=1e-6):
        raise SystemExit(f"not yet: for logits of 1000 your cost is {got_big:.6f} and Keras's {want_big:.6f}")
    print(f"ok: sparse_ce gives {got:.6f} on a batch of {m}, Keras {want:.6f} (difference "
          f"{abs(got - want):.1e}); right on batches of {sizes[0]} and {sizes[1]}; {got_big:.4f} for "
          "logits of 1000, where a softmax without the maximum overflows")


check(sparse_ce)
