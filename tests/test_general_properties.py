"""The general claims of the site, searched over their domains with Hypothesis (`docs/general-claims.yml`
binds each sentence to one of these properties; `snippetkit.checks.general` holds the binding).

Each property's strategy states the domain it searches. The formulas are not written again here: each
is the very function a snippet defines and checks against Keras or TensorFlow (`snippet_function`
compiles that one definition from the snippet's source, without running the snippet or importing
TensorFlow): Adam's step from `adam/adam_from_scratch.py` (checked against `tf.keras.optimizers.Adam`
to 1e-6), softmax from `multiclass/my_softmax.py`, the stable binary cross-entropy from
`from_logits/bce_from_logits.py`, and so on.

Where a claim of the site was once worded too generally, a test finds a counterexample to the old
wording with `hypothesis.find`, and the counterexample it found stays as an `@example` above the
corrected property, which must hold on it too: the history of the wrong claim is in the test.

All runs are derandomized, with a deadline and a bounded number of examples (`SETTINGS`).
"""

from __future__ import annotations

import ast
import math
from datetime import timedelta

import numpy as np
import pytest
from hypothesis import example, find, given, settings
from hypothesis import strategies as st

from snippetkit import SNIPPETS_DIR

SETTINGS = settings(derandomize=True, deadline=timedelta(milliseconds=400), max_examples=500, database=None)
FIND = settings(derandomize=True, deadline=None, max_examples=2000, database=None)


def snippet_function(path: str, name: str, *helpers: str):
    """The top-level function `name` of snippets/`path`, compiled alone with `np` and the snippet's
    functions `helpers` that it calls (nothing else of the snippet runs)."""
    source = (SNIPPETS_DIR / path).read_text(encoding="utf-8")
    defs = {n.name: n for n in ast.parse(source).body if isinstance(n, ast.FunctionDef)}
    missing = [f for f in (name, *helpers) if f not in defs]
    if missing:
        raise AssertionError(f"snippets/{path} defines no function {', '.join(missing)}")
    namespace = {"np": np}
    module = ast.Module(body=[defs[f] for f in (*helpers, name)], type_ignores=[])
    exec(compile(module, str(SNIPPETS_DIR / path), "exec"), namespace)
    return namespace[name]


# ------------------------------------------------------------------------------------------ Adam

adam_step = snippet_function("adam/adam_from_scratch.py", "adam_step")
LR = float(np.float32(1e-3))  # the rate as Keras holds it (float32), the unit of every step below
EPS_TERM = 1e-7 / math.sqrt(1 - 0.999)  # epsilon / sqrt(1 - beta_2): where epsilon takes over at t = 1


def adam_steps(gradients) -> np.ndarray:
    """|w_t - w_{t-1}| / LR for a scalar parameter fed `gradients`, by the snippet's `adam_step`
    (Keras's defaults); signed: positive when the step goes against the gradient's sign."""
    w = m = v = 0.0
    out = []
    for t, g in enumerate(gradients, start=1):
        new, m, v = adam_step(w, g, m, v, t)
        out.append((w - new) / LR * (1.0 if g >= 0 else -1.0))
        w = new
    return np.array(out)


sizes = st.floats(min_value=1e-3, max_value=1e6)
nonzero_gradient = st.one_of(st.floats(min_value=1e-300, max_value=1e6),
                             st.floats(min_value=-1e6, max_value=-1e-300))  # float64 holds 0.1 g and g^2 apart from 0
any_gradient = st.one_of(st.just(0.0), nonzero_gradient)
signs = st.sampled_from([1.0, -1.0])


def old_first_step_rule(g: float) -> bool:
    """The old wording: the first step is the learning rate "however small the gradient"."""
    return abs(adam_steps([g])[0] - 1) <= 0.01


def test_the_old_first_step_rule_fails_hypothesis_finds_a_gradient():
    found = find(nonzero_gradient, lambda g: not old_first_step_rule(g), settings=FIND)
    assert 0 < abs(found) < 1e-3, found  # epsilon takes over (Hypothesis 6.170 finds 1e-300, kept below)


@example(g=1e-300)  # found by test_the_old_first_step_rule_fails_hypothesis_finds_a_gradient
@example(g=0.0)  # no gradient, no step
@given(g=any_gradient)
@SETTINGS
def test_adam_first_step_is_the_rate_from_1e_3_to_1e6_and_less_below(g):
    """First step / rate = |g| / (|g| + epsilon / sqrt(1 - beta_2)): 0.9968 or more for |g| from
    1e-3 to 1e6 (and never above 1), 0.24 at 1e-6, 0 at 0."""
    first = adam_steps([g])[0]
    assert first == pytest.approx(abs(g) / (abs(g) + EPS_TERM), rel=1e-5, abs=1e-12)
    assert first <= 1 + 1e-9
    if abs(g) >= 1e-3:
        assert first >= 0.9968


one_sign_sizes = st.lists(sizes, min_size=1, max_size=40)


def old_same_direction_rule(gradients) -> bool:
    """The old wording: moving in the same direction keeps every step *at* the learning rate."""
    return bool(np.all(np.abs(adam_steps(gradients) - 1) <= 0.01))


def test_the_old_same_direction_rule_fails_hypothesis_finds_gradients():
    found = find(one_sign_sizes, lambda gs: not old_same_direction_rule(gs), settings=FIND)
    assert len(set(found)) > 1, found  # a size that changes (Hypothesis 6.170 finds [1.0, 2.0], kept below)


@example(gradients=[1.0, 2.0], sign=1.0)  # found by the test above
@given(gradients=one_sign_sizes, sign=signs)
@SETTINGS
def test_adam_one_sign_steps_go_against_the_gradient_at_most_the_rate_unless_it_grows(gradients, sign):
    """Gradients of one sign, sizes from 1e-3 to 1e6: every step goes against the gradient; while
    the size never grows, no step exceeds the rate; a constant size gives 0.9968 to 1 times it."""
    steps = adam_steps([sign * g for g in gradients])
    assert np.all(steps > 0)
    if all(b <= a for a, b in zip(gradients, gradients[1:], strict=False)):
        assert np.all(steps <= 1 + 1e-9), steps
    if len(set(gradients)) == 1:
        assert np.all(steps >= 0.9968), steps


def old_increase_rule(g: float, n: int) -> bool:
    """The old wording: "increase" holds compared with gradient descent (every step at least GD's)."""
    return bool(np.all(adam_steps([g] * n) >= abs(g) - 1e-12))


def test_the_old_increase_rule_fails_hypothesis_finds_a_gradient():
    found = find(st.tuples(any_gradient, st.integers(1, 300)), lambda a: not old_increase_rule(*a), settings=FIND)
    assert abs(found[0]) >= 1 - 1e-5, found  # size 1 or more (Hypothesis 6.170 finds (1.0, 1), kept below)


@example(g=1.0, n=1)  # found by the test above
@given(g=any_gradient, n=st.integers(1, 300))
@SETTINGS
def test_adam_steps_farther_than_gradient_descent_below_size_1_and_shorter_from_1(g, n):
    """A constant gradient g for n steps: Adam's step (in units of the rate) against gradient
    descent's, |g|: at least as long where 0 < |g| <= 0.999, shorter where |g| >= 1."""
    steps = adam_steps([g] * n)
    if 0 < abs(g) <= 0.999:
        assert np.all(steps > abs(g))
    if abs(g) >= 1:
        assert np.all(steps < abs(g))


# --------------------------------------------------------------------------------------- RMSprop

@given(g=st.one_of(st.floats(min_value=1e-2, max_value=1e6), st.floats(min_value=-1e6, max_value=-1e-2)))
@SETTINGS
def test_rmsprop_first_step_is_about_lr_sqrt10_for_gradients_from_1e_2(g):
    """RMSprop's first step, as training/compile_fit.py computes it and checks against `fit`:
    lr * g / sqrt((1 - rho) g^2 + epsilon), between 0.99 and 1 times lr * sqrt(10) from |g| = 0.01."""
    lr, rho, eps = float(np.float32(1e-3)), 0.9, 1e-7
    step = abs(lr * g / math.sqrt((1 - rho) * g * g + eps))
    assert 0.99 * lr * math.sqrt(10) < step <= lr * math.sqrt(10) * (1 + 1e-12)


# ----------------------------------------------------------------------------------- activations

relu = snippet_function("activations/relu.py", "g")
leaky_relu_prime = snippet_function("activations/leaky_relu.py", "g_prime")
sigmoid_prime = snippet_function("activations/sigmoid.py", "g_prime", "g")
finite = st.floats(allow_nan=False, allow_infinity=False)


@given(z=finite)
@SETTINGS
def test_relu_is_z_above_0_and_exactly_0_from_0_down(z):
    """ReLU, as activations/relu.py computes it (checked against Keras there), for every finite float."""
    a = relu(np.float64(z))
    assert a >= 0
    assert a == (z if z > 0 else 0.0)


@given(z=finite, a=st.floats(min_value=1e-3, max_value=1.0))
@SETTINGS
def test_leaky_relu_slope_is_never_below_its_small_slope(z, a):
    """Leaky ReLU's slope is 1 or a: never 0 for a slope a from 1e-3 to 1."""
    assert leaky_relu_prime(np.float64(z), a) >= np.float32(a) > 0


@given(z=st.floats(min_value=-700, max_value=700))
@SETTINGS
def test_sigmoid_slope_is_at_most_a_quarter(z):
    """g'(z) = g(z)(1 - g(z)) <= 1/4 for every z where float64's exp stays finite (|z| <= 700)."""
    assert 0 <= sigmoid_prime(np.float64(z)) <= 0.25


widths = st.lists(st.integers(1, 5), min_size=3, max_size=6)  # inputs, then 2 to 5 layers


@given(data=st.data(), sizes=widths, m=st.integers(1, 5))
@SETTINGS
def test_linear_layers_collapse_into_one_for_any_weights(data, sizes, m):
    """2 to 5 linear layers (A W1 + b1) W2 + b2 ... compute one layer A W + b, W = W1 W2 ..., for
    weights, biases and inputs drawn from [-10, 10] (float64, tolerance 1e-9 relative, 1e-6 absolute)."""
    def draw(*shape):
        n = int(np.prod(shape))
        return np.array(data.draw(st.lists(st.floats(min_value=-10, max_value=10), min_size=n, max_size=n)),
                        dtype=float).reshape(shape)

    A = draw(m, sizes[0])
    layers = [(draw(a, b), draw(b)) for a, b in zip(sizes, sizes[1:], strict=False)]
    out, W, b = A, np.eye(sizes[0]), np.zeros(sizes[0])
    for Wl, bl in layers:
        out = out @ Wl + bl
        W, b = W @ Wl, b @ Wl + bl
    np.testing.assert_allclose(A @ W + b, out, rtol=1e-9, atol=1e-6)


@given(y=st.lists(st.floats(min_value=-1e3, max_value=1e3), min_size=1, max_size=30), data=st.data())
@SETTINGS
def test_a_relu_output_never_costs_less_than_predicting_0_for_the_negative_targets(y, data):
    """Predictions that are never negative (a ReLU output): their mean squared error is at least the
    mean, over all targets, of y^2 for the negative ones, whatever the predictions."""
    y = np.array(y)
    p = np.array(data.draw(st.lists(st.floats(min_value=0, max_value=1e3), min_size=len(y), max_size=len(y))))
    floor = np.mean(np.where(y < 0, y**2, 0.0))
    assert np.mean((p - y) ** 2) >= floor - 1e-9 * max(1.0, floor)


# ------------------------------------------------------------------------------- softmax and loss

my_softmax = snippet_function("multiclass/my_softmax.py", "my_softmax")
softmax_ce_grad = snippet_function("backprop/output_gradient.py", "softmax_ce_grad", "softmax")
bce_from_logits = snippet_function("from_logits/bce_from_logits.py", "bce_from_logits")
logit_rows = st.lists(finite, min_size=1, max_size=12)


@pytest.mark.filterwarnings("ignore:overflow encountered in subtract")  # z - max is -inf: e^-inf = 0
@given(z=logit_rows)
@SETTINGS
def test_softmax_of_finite_logits_is_finite_sums_to_1_and_keeps_the_order(z):
    """my_softmax (multiclass/my_softmax.py, equal to tf.nn.softmax there) for every finite float64
    logits: finite, between 0 and 1, summing to 1 (to 1e-12), the largest logit's probability the
    largest, and a larger logit never a smaller probability; every probability positive where the
    logits are within 700 of each other (beyond, float64 rounds e^(z - max) to 0)."""
    z = np.array(z)
    a = my_softmax(z)
    assert np.all(np.isfinite(a)) and np.all((a >= 0) & (a <= 1))
    if np.ptp(z) <= 700:
        assert np.all(a > 0)
    assert abs(a.sum() - 1) < 1e-12
    assert a[np.argmax(z)] == a.max()
    order = np.argsort(z, kind="stable")
    assert np.all(np.diff(a[order]) >= 0)


@pytest.mark.filterwarnings("ignore:overflow encountered in subtract")  # z - max is -inf: e^-inf = 0
@given(z=logit_rows, data=st.data())
@SETTINGS
def test_the_softmax_cross_entropy_gradient_lies_between_minus_1_and_1(z, data):
    """dL/dz = a - onehot(y) (backprop/output_gradient.py, checked against the tape there): every
    component between -1 and 1, for every finite float64 logits, however small a_y is."""
    z = np.array([z])
    y = data.draw(st.integers(0, z.shape[1] - 1))
    grad = softmax_ce_grad(z, np.array([y]))
    assert np.all((grad >= -1) & (grad <= 1))


@given(z=finite, y=st.sampled_from([0.0, 1.0]))
@SETTINGS
def test_the_stable_binary_cross_entropy_is_finite_for_every_logit(z, y):
    """max(z, 0) - z y + log(1 + e^-|z|) (from_logits/bce_from_logits.py, equal to Keras there):
    finite and not negative for every finite float64 logit and both labels."""
    loss = bce_from_logits(np.float64(z), y)
    assert np.isfinite(loss) and loss >= 0
