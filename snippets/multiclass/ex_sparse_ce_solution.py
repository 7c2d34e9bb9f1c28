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
# Leave `z` and `y` as they are.
#
# The check compares your cost, one number, with Keras's on a random batch (tolerance 1e-5), on
# batches of other sizes and with 3 classes, on logits of 1000, on a label whose probability
# underflows to 0 (its loss is about 2000, not inf), and on rows whose maxima differ. Run this
# file: it stops with "not yet: ..." and a hint until your function is right, then prints
# "ok: ...".

import numpy as np
from tensorflow.keras.losses import SparseCategoricalCrossentropy


# --8<-- [start:task]
def sparse_ce(z, y):
    """Mean over the batch of -log softmax(z)[i, y[i]], for logits z (m, N) and integer labels y (m,)."""
    shifted = z - np.max(z, axis=1, keepdims=True)
    log_sum = np.log(np.sum(np.exp(shifted), axis=1))
    m = len(y)
    return np.mean(log_sum - shifted[np.arange(m), y])
# --8<-- [end:task]

# The check (no need to read it to do the exercise).

def keras_cost(z, y):
    return float(SparseCategoricalCrossentropy(from_logits=True)(y, z).numpy())


def call(fn, z, y):
    """fn(z, y) inside the check's error handling, its cost as returned (one number), z and y left unchanged."""
    z_seen, y_seen = z.copy(), y.copy()
    try:
        with np.errstate(all="ignore"):
            got = fn(z, y)
    except Exception as exc:  # noqa: BLE001 - any error is reported as a hint
        raise SystemExit(f"not yet: sparse_ce raised {type(exc).__name__}: {exc}") from None
    if not (np.array_equal(z, z_seen) and np.array_equal(y, y_seen)):
        raise SystemExit("not yet: sparse_ce changed the arrays z or y it was given (an in-place operation such as "
                         "z -= ...): compute new arrays and leave the inputs as they are")
    if got is None:
        raise SystemExit("not yet: sparse_ce returned None; fill in the function: log-sum-exp of each row "
                         "minus z[np.arange(m), y], then the mean")
    if np.shape(got) != ():
        raise SystemExit(f"not yet: sparse_ce returned an array of shape {np.shape(got)}: the cost is one number "
                         "(shape ()), the mean of the losses of the examples")
    return float(got)


def log_softmax(z):
    shifted = z - z.max(axis=1, keepdims=True)
    return shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))


def check(fn):
    rng = np.random.default_rng(0)
    m, n = 6, 4
    z = rng.normal(scale=3.0, size=(m, n))
    y = rng.integers(0, n, size=m)
    got, want = call(fn, z, y), keras_cost(z, y)
    if not np.isfinite(got):
        raise SystemExit(f"not yet: your cost is {got} on the random batch, whose logits are not extreme: a log "
                         "of 0 or of a negative number; check log(sum_k e^(z_k - max)) and the label's shifted logit")
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
    for size, classes in ((1, 4), (11, 4), (5, 3)):
        z2, y2 = rng.normal(scale=3.0, size=(size, classes)), rng.integers(0, classes, size=size)
        got2, want2 = call(fn, z2, y2), keras_cost(z2, y2)
        if not np.isclose(got2, want2, rtol=1e-5):
            raise SystemExit(f"not yet: on a batch of {size} with {classes} classes your cost is {got2:.6f} and "
                             f"Keras's {want2:.6f}: average over the examples of the batch given, m = len(y), "
                             "and read the number of classes from z")
    # Logits of 1000: e^1000 overflows unless each row's maximum is subtracted first.
    big, y_big = np.array([[1000.0, 0.0, -1000.0, 999.0], [0.0, 1000.0, 0.0, 0.0]]), np.array([3, 1])
    got_big, want_big = call(fn, big, y_big), keras_cost(big, y_big)
    if not np.isfinite(got_big):
        raise SystemExit("not yet: your cost is inf or nan for logits of 1000 (e^1000 overflows): subtract "
                         "each row's maximum before exponentiating")
    if not np.isclose(got_big, want_big, rtol=1e-5, atol=1e-6):
        raise SystemExit(f"not yet: for logits of 1000 your cost is {got_big:.6f} and Keras's {want_big:.6f}")
    # A label whose probability underflows: e^(-1000 - 1000) is 0 in float64, its -log is 2000.3, not inf.
    under, y_under = big[:1], np.array([2])
    got_under, want_under = call(fn, under, y_under), keras_cost(under, y_under)
    if np.isinf(got_under):
        raise SystemExit(f"not yet: your cost is {got_under} where Keras gives {want_under:.1f}: the label's "
                         "probability, e^-2000, underflows to 0 in float64, and -log(0) = inf. Do not take the "
                         "log of the softmax: log-sum-exp of the shifted row minus the label's shifted logit")
    if not np.isclose(got_under, want_under, rtol=1e-5):
        raise SystemExit(f"not yet: for the logits [1000, 0, -1000, 999] and the label 2 your cost is "
                         f"{got_under:.4f}, Keras's {want_under:.4f}")
    # Rows whose maxima are 2000 apart: one maximum for the batch underflows the second row to log(0).
    apart, y_apart = np.array([[1000.0, 0.0, -1000.0, 999.0], [-1000.0, -1001.0, -1002.0, -1000.0]]), np.array([3, 0])
    got_apart, want_apart = call(fn, apart, y_apart), keras_cost(apart, y_apart)
    if not np.isclose(got_apart, want_apart, rtol=1e-5):
        raise SystemExit(f"not yet: on rows whose maxima are 1000 and -1000 your cost is {got_apart} and Keras's "
                         f"{want_apart:.6f}: subtract each row's own maximum (axis=1, keepdims=True), not one "
                         "maximum for the whole batch")
    print(f"ok: sparse_ce gives {got:.6f} on a batch of {m}, Keras {want:.6f} (difference "
          f"{abs(got - want):.1e}); right on batches of 1, 11 and 5 (3 classes); {got_big:.4f} for "
          f"logits of 1000, where a softmax without the maximum overflows; {got_under:.4f} for a label whose "
          "probability underflows to 0")


check(sparse_ce)
