# # The gradient at the output: a - y
#
# Softmax with the cross-entropy loss, L = -log a_y, has the gradient dL/dz = a - onehot(y) with
# respect to the logits z; the sigmoid with binary cross-entropy has dL/dz = a - y. Both formulas
# are checked here, in float64, on random logits, against TensorFlow's automatic differentiation
# (`tf.GradientTape` on Keras's losses) and against central finite differences of the loss
# computed in NumPy.

import numpy as np
import tensorflow as tf
from tensorflow.keras.losses import BinaryCrossentropy, SparseCategoricalCrossentropy

tf.keras.utils.set_random_seed(0)
rng = np.random.default_rng(0)

N, m, EPS = 4, 6, 1e-6        # classes, examples (rows of logits), finite-difference step

# The formulas.


def softmax(z):
    e = np.exp(z - z.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


def softmax_ce_grad(z, y):
    return softmax(z) - np.eye(z.shape[-1])[y]        # a - onehot(y), one row per example


def sigmoid_bce_grad(z, y):
    return 1 / (1 + np.exp(-z)) - y                    # a - y


# The losses in NumPy, for the finite differences (stable forms: log-sum-exp, log(1 + e^z)).


def softmax_ce(z, y):
    c = z.max()
    return c + np.log(np.sum(np.exp(z - c))) - z[y]   # -log a_y = log sum_k e^{z_k} - z_y


def sigmoid_bce(z, y):
    return np.logaddexp(0, z) - y * z                 # -y log a - (1 - y) log(1 - a)


def central_difference(f, z):
    grad = np.zeros_like(z)
    for k in range(z.size):
        step = np.zeros_like(z)
        step.flat[k] = EPS
        grad.flat[k] = (f(z + step) - f(z - step)) / (2 * EPS)
    return grad


# The tape: Keras's losses in float64 with reduction="sum", so that the gradient of the summed
# loss with respect to row i of z is the gradient of example i's loss.


def tape_grad(loss, z, y):
    z = tf.Variable(z, dtype=tf.float64)
    with tf.GradientTape() as tape:
        total = loss(y, z)
    return tape.gradient(total, z).numpy()


softmax_loss = SparseCategoricalCrossentropy(from_logits=True, reduction="sum", dtype="float64")
sigmoid_loss = BinaryCrossentropy(from_logits=True, reduction="sum", dtype="float64")

# Several random draws of m rows of logits (some large: standard deviation 4) and labels.
# Tolerances: formula against tape, absolute 1e-12 (the same arithmetic up to rounding);
# formula against finite differences, absolute 1e-8 (a rounding error of about 1e-16 * |L| in
# each loss, divided by 2 eps = 2e-6, plus a chord error of order eps^2).

worst = {"softmax tape": 0.0, "softmax FD": 0.0, "sigmoid tape": 0.0, "sigmoid FD": 0.0}
for _ in range(5):
    z = rng.normal(scale=4.0, size=(m, N))
    y = rng.integers(0, N, size=m)
    formula = softmax_ce_grad(z, y)
    tape = tape_grad(softmax_loss, z, y)
    fd = np.array([central_difference(lambda r, label=label: softmax_ce(r, label), row)
                   for row, label in zip(z, y)])
    np.testing.assert_allclose(tape, formula, rtol=0, atol=1e-12)
    np.testing.assert_allclose(fd, formula, rtol=0, atol=1e-8)
    worst["softmax tape"] = max(worst["softmax tape"], np.max(np.abs(tape - formula)))
    worst["softmax FD"] = max(worst["softmax FD"], np.max(np.abs(fd - formula)))
    assert np.allclose(formula.sum(axis=1), 0)   # each row of a - onehot(y) sums to 1 - 1 = 0
    assert np.all(np.abs(formula) <= 1)          # each entry between -1 and 1

    z1 = rng.normal(scale=4.0, size=(m, 1))
    y1 = rng.integers(0, 2, size=(m, 1)).astype(np.float64)
    formula1 = sigmoid_bce_grad(z1, y1)
    tape1 = tape_grad(sigmoid_loss, z1, y1)
    fd1 = np.array([central_difference(lambda r, label=label: sigmoid_bce(r[0], label), row)
                    for row, label in zip(z1, y1[:, 0])])
    np.testing.assert_allclose(tape1, formula1, rtol=0, atol=1e-12)
    np.testing.assert_allclose(fd1, formula1, rtol=0, atol=1e-8)
    worst["sigmoid tape"] = max(worst["sigmoid tape"], np.max(np.abs(tape1 - formula1)))
    worst["sigmoid FD"] = max(worst["sigmoid FD"], np.max(np.abs(fd1 - formula1)))
    assert np.all(np.abs(formula1) <= 1)

# One example in full: its logits, probabilities and gradient.

print(f"logits z:          {np.array2string(z[0], precision=4, suppress_small=True)}  label y = {y[0]}")
print(f"softmax a:         {np.array2string(softmax(z[0]), precision=4, suppress_small=True)}")
print(f"a - onehot(y):     {np.array2string(formula[0], precision=4, suppress_small=True)}")
print(f"tf.GradientTape:   {np.array2string(tape[0], precision=4, suppress_small=True)}")
print(f"float64 machine epsilon: {np.finfo(np.float64).eps:.1e}")
print(f"largest |formula - tape| over 5 draws of {m}x{N} logits: softmax {worst['softmax tape']:.1e}, "
      f"sigmoid {worst['sigmoid tape']:.1e} (tolerance 1e-12)")
print(f"largest |formula - finite difference|: softmax {worst['softmax FD']:.1e}, "
      f"sigmoid {worst['sigmoid FD']:.1e} (tolerance 1e-8)")
