# Softmax regression with N = 4 classes, computed by hand with NumPy and checked against Keras.
# One example x with two features; each class j has its own weight vector w_j and bias b_j.

import numpy as np
import tensorflow as tf
from tensorflow.keras.losses import SparseCategoricalCrossentropy

tf.keras.utils.set_random_seed(0)

x = np.array([1.0, 2.0])
W = np.array([[0.5, 1.0],     # w_1
              [1.0, 0.2],     # w_2
              [-0.3, 0.4],    # w_3  (its own vector: Note A wrote z_3 with w_1)
              [0.0, -1.0]])   # w_4
b = np.array([0.1, 0.0, 0.5, 1.0])

# z_j = w_j . x + b_j for j = 1..4, then a_j = e^{z_j} / (e^{z_1} + e^{z_2} + e^{z_3} + e^{z_4}).

z = W @ x + b
denominator = np.sum(np.exp(z))
a = np.exp(z) / denominator
for j in range(4):
    print(f"z_{j + 1} = {z[j]:7.4f}   a_{j + 1} = P(y={j + 1}|x) = {a[j]:.4f}")
print(f"sum of a_j:      {a.sum():.6f}")
print(f"sum of e^(z_k):  {denominator:.4f}   (not 1: only the a_j sum to 1)")
assert abs(a.sum() - 1.0) < 1e-12
assert abs(denominator - 20.6051) < 1e-4
np.testing.assert_allclose(a, tf.nn.softmax(z).numpy(), rtol=0, atol=1e-12)

# Note A's denominator e^{z_1} + e^{z_2} e^{z_3} e^{z_4} (a product where sums belong) gives
# numbers that are not probabilities: they do not sum to 1.

e = np.exp(z)
a_note = e / (e[0] + e[1] * e[2] * e[3])
print(f"Note A's 'a_j' sum to: {a_note.sum():.4f}")
assert a_note.sum() > 1.1

# Note A's z_3 uses w_1, class 1's weights, in place of w_3: a different logit.

z3_note = W[0] @ x + b[2]
print(f"Note A's z_3 = w_1 . x + b_3 = {z3_note:.4f}   correct z_3 = w_3 . x + b_3 = {z[2]:.4f}")
assert abs(z3_note - z[2]) > 1

# Note A's general formula has a_j in its numerator too: a_j = a_j / sum_k e^{z_k}. With the sum
# 20.6 (not 1), only a_j = 0 solves it; the softmax's a_1 does not.

print(f"Note A's a_j = a_j / sum e^(z_k), for a_1 = {a[0]:.4f}: right side {a[0] / denominator:.4f}")
assert abs(a[0] / denominator - a[0]) > 0.5

# Note A's recap of logistic regression writes z = x * x + b: w never enters. With class 1's
# parameters as (w, b):

print(f"logistic z = w . x + b = {W[0] @ x + b[0]:.4f}   Note A's x * x + b = {x @ x + b[0]:.4f}")
assert abs(W[0] @ x - x @ x) > 1

# The loss of one example is -log a_y: only the probability of the true class counts.
# Keras numbers the classes 0..N-1, the formulas 1..N: class j is index j - 1 in code.

losses = -np.log(a)
for y in range(1, 5):
    print(f"loss if y = {y}: -log a_{y} = {losses[y - 1]:.4f}")
np.testing.assert_allclose(losses, [0.4255, 1.6255, 2.0255, 4.0255], atol=1e-4)

# The loss depends on the label y as well as on a_1..a_4: the same four probabilities give four
# different losses. And it is large for an a_y close to 0, small for an a_y close to 1.

print("same a_1..a_4, labels y = 1..4: losses", " ".join(f"{v:.4f}" for v in losses))
assert np.min(np.diff(losses)) > 0.3
print(f"largest loss {losses.max():.4f} at a_4 = {a[3]:.4f} (closest to 0),"
      f" smallest {losses.min():.4f} at a_1 = {a[0]:.4f} (closest to 1)")
assert np.argmax(losses) == np.argmin(a) and np.argmin(losses) == np.argmax(a)

# The cost J is the average loss over m examples. NumPy from scratch vs Keras, to 1e-6.

rng = np.random.default_rng(0)
X = rng.normal(size=(8, 2))
y = rng.integers(0, 4, size=8)          # class indices 0..3
Z = X @ W.T + b
A = np.exp(Z) / np.exp(Z).sum(axis=1, keepdims=True)
J_numpy = np.mean(-np.log(A[np.arange(8), y]))
J_keras = float(SparseCategoricalCrossentropy(from_logits=True)(y, Z.astype("float32")))
print(f"cost J over m = 8: NumPy {J_numpy:.6f}   Keras {J_keras:.6f}")
np.testing.assert_allclose(J_keras, J_numpy, rtol=1e-6, atol=1e-6)
