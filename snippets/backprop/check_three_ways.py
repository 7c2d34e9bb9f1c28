# # Gradients checked three ways
#
# The network of the course's video *Larger neural network example*, two ReLU units,
# a1 = ReLU(w1 x + b1), a2 = ReLU(w2 a1 + b2), now on
# m examples with the cost J = 1/(2m) sum (a2 - y)^2. Its four derivatives three ways, in float64:
#
# 1. by hand: the backward pass of the computation graph, written out as formulas;
# 2. by TensorFlow's automatic differentiation, `tf.GradientTape`, which runs the same backward
#    pass on the graph it recorded;
# 3. by central finite differences, (J(p + eps) - J(p - eps)) / (2 eps), one parameter at a time.

import numpy as np
import tensorflow as tf

tf.keras.utils.set_random_seed(0)
rng = np.random.default_rng(0)


def cost(params, x, y):
    w1, b1, w2, b2 = params
    a1 = np.maximum(w1 * x + b1, 0.0)
    a2 = np.maximum(w2 * a1 + b2, 0.0)
    return np.mean((a2 - y) ** 2) / 2


def by_hand(params, x, y):
    """The backward pass, node by node: each line is one node's dJ/dnode."""
    w1, b1, w2, b2 = params
    z1 = w1 * x + b1
    a1 = np.maximum(z1, 0.0)
    z2 = w2 * a1 + b2
    a2 = np.maximum(z2, 0.0)
    dJ_da2 = (a2 - y) / len(x)          # J = 1/(2m) sum (a2 - y)^2
    dJ_dz2 = dJ_da2 * (z2 > 0)          # ReLU: slope 1 where z > 0, else 0
    dJ_da1 = dJ_dz2 * w2                # z2 = w2 a1 + b2
    dJ_dz1 = dJ_da1 * (z1 > 0)
    return np.array([np.sum(dJ_dz1 * x), np.sum(dJ_dz1), np.sum(dJ_dz2 * a1), np.sum(dJ_dz2)])


def by_tape(params, x, y):
    p = tf.Variable(params, dtype=tf.float64)
    with tf.GradientTape() as tape:
        a1 = tf.nn.relu(p[0] * x + p[1])
        a2 = tf.nn.relu(p[2] * a1 + p[3])
        J = tf.reduce_mean((a2 - y) ** 2) / 2
    return tape.gradient(J, p).numpy()


def by_finite_differences(params, x, y, eps=1e-6):
    grad = np.zeros(4)
    for k in range(4):
        step = np.zeros(4)
        step[k] = eps
        grad[k] = (cost(params + step, x, y) - cost(params - step, x, y)) / (2 * eps)
    return grad


# The point of the video *Larger neural network example* (one example, x = 1, y = 5, w1 = 2,
# b1 = 0, w2 = 3, b2 = 1), then five random ones with m = 8 examples each. A random point is redrawn if
# some z is within 1e-3 of 0: at ReLU's kink the derivative does not exist, and a finite
# difference straddling it measures the average of two slopes.

points = [(np.array([2.0, 0.0, 3.0, 1.0]), np.array([1.0]), np.array([5.0]))]
while len(points) < 6:
    params, x, y = rng.normal(size=4), rng.normal(size=8), rng.normal(size=8)
    z1 = params[0] * x + params[1]
    z2 = params[2] * np.maximum(z1, 0) + params[3]
    if np.min(np.abs(z1)) > 1e-3 and np.min(np.abs(z2)) > 1e-3 and np.any(z2 > 0):
        points.append((params, x, y))

# Tolerances: by hand and by tape compute the same products in float64 (relative 1e-12, absolute
# 1e-15); finite differences with eps = 1e-6 carry a rounding error of about 1e-16 / 1e-6 = 1e-10
# (relative 1e-7, absolute 1e-9).

print("point  dJ/dw1, dJ/db1, dJ/dw2, dJ/db2 (by hand)           max |hand - tape|  max |hand - FD|")
worst_tape = worst_fd = 0.0
for i, (params, x, y) in enumerate(points):
    hand, tape, fd = by_hand(params, x, y), by_tape(params, x, y), by_finite_differences(params, x, y)
    np.testing.assert_allclose(tape, hand, rtol=1e-12, atol=1e-15)
    np.testing.assert_allclose(fd, hand, rtol=1e-7, atol=1e-9)
    worst_tape = max(worst_tape, np.max(np.abs(hand - tape)))
    worst_fd = max(worst_fd, np.max(np.abs(hand - fd)))
    print(f"{i:5d}  {' '.join(f'{g:10.6f}' for g in hand)}  {np.max(np.abs(hand - tape)):17.1e}"
          f"  {np.max(np.abs(hand - fd)):15.1e}")
print(f"largest difference: hand vs tape {worst_tape:.1e}, hand vs finite differences {worst_fd:.1e}")
# dJ/dw1, db1, dw2, db2 at the point of *Larger neural network example*:
np.testing.assert_array_equal(by_hand(*points[0]), [6.0, 6.0, 4.0, 2.0])
