# # The backward pass of dense layers, for a whole batch at once
#
# A batch of m examples, one per row: A0 = X of shape (m, n0). Layer l computes
# Z_l = A_{l-1} W_l + b_l and A_l = g_l(Z_l), with W_l of shape (n_{l-1}, n_l) as Keras stores
# it. The backward pass carries delta_l = dJ/dZ_l, of the same shape as Z_l, (m, n_l):
#
#     dW_l = A_{l-1}^T delta_l          (n_{l-1}, n_l)
#     db_l = sum of delta_l's rows      (n_l,)
#     delta_{l-1} = (delta_l W_l^T) * g'(Z_{l-1})   (m, n_{l-1})
#
# starting from the output: softmax with the mean cross-entropy, delta_2 = (A_2 - onehot(y)) / m.
# The gradients are checked against `tf.GradientTape` on the same Keras model, in float64.

import numpy as np
import tensorflow as tf
from tensorflow.keras import Input, Sequential
from tensorflow.keras.layers import Dense
from tensorflow.keras.losses import SparseCategoricalCrossentropy

tf.keras.utils.set_random_seed(0)
rng = np.random.default_rng(0)

m, n0, n1, n2 = 16, 5, 4, 3          # batch, inputs, hidden ReLU units, classes


def backward(X, y, W1, b1, W2, b2):
    # Forward pass, keeping Z and A of every layer.
    Z1 = X @ W1 + b1                     # (m, n1)
    A1 = np.maximum(Z1, 0)               # ReLU
    Z2 = A1 @ W2 + b2                    # (m, n2): the logits
    A2 = np.exp(Z2 - Z2.max(axis=1, keepdims=True))
    A2 /= A2.sum(axis=1, keepdims=True)  # softmax
    # Backward pass.
    delta2 = (A2 - np.eye(n2)[y]) / len(X)    # (m, n2): a - onehot(y), over m for the mean
    dW2 = A1.T @ delta2                       # (n1, n2)
    db2 = delta2.sum(axis=0)                  # (n2,)
    delta1 = (delta2 @ W2.T) * (Z1 > 0)       # (m, n1): ReLU'(Z1) is 1 where Z1 > 0, else 0
    dW1 = X.T @ delta1                        # (n0, n1)
    db1 = delta1.sum(axis=0)                  # (n1,)
    return [dW1, db1, dW2, db2], Z1


model = Sequential([
    Input(shape=(n0,), dtype="float64"),
    Dense(n1, activation="relu", dtype="float64"),
    Dense(n2, activation="linear", dtype="float64"),
])
loss = SparseCategoricalCrossentropy(from_logits=True, dtype="float64")   # mean over the batch

# Three batches, each with fresh random weights (biases too, so that they matter). Tolerance:
# relative 1e-12, absolute 1e-15 (the same products in float64, summed in another order).

worst = 0.0
for batch in range(3):
    X = rng.normal(size=(m, n0))
    y = rng.integers(0, n2, size=m)
    model.set_weights([rng.normal(size=w.shape) for w in model.get_weights()])
    ours, Z1 = backward(X, y, *model.get_weights())
    assert np.min(np.abs(Z1)) > 1e-6          # no unit exactly at ReLU's kink
    with tf.GradientTape() as tape:
        J = loss(y, model(X))
    theirs = [g.numpy() for g in tape.gradient(J, model.trainable_variables)]
    for name, a, b in zip(["dW1", "db1", "dW2", "db2"], ours, theirs):
        assert a.shape == b.shape, (name, a.shape, b.shape)
        np.testing.assert_allclose(a, b, rtol=1e-12, atol=1e-15)
        worst = max(worst, np.max(np.abs(a - b)))
    if batch == 0:
        shapes = ", ".join(f"{n} {a.shape}" for n, a in zip(["dW1", "db1", "dW2", "db2"], ours))
        print(f"batch of m = {m}: shapes {shapes}")
        print(f"dW2 by the formulas:\n{np.array2string(ours[2], precision=5)}")
        print(f"dW2 by tf.GradientTape:\n{np.array2string(theirs[2], precision=5)}")
print(f"largest |formulas - tape| over 3 batches, all parameters: {worst:.1e} "
      f"(tolerance: relative 1e-12, absolute 1e-15)")
