# Sparse labels vs one-hot labels: the same loss, two ways to write the targets.
# SparseCategoricalCrossentropy takes class indices y (shape (m,)); CategoricalCrossentropy takes
# one-hot rows (shape (m, N), a single 1 at index y). Both compute -log a_y.

import numpy as np
import tensorflow as tf
from tensorflow.keras.losses import CategoricalCrossentropy, SparseCategoricalCrossentropy

tf.keras.utils.set_random_seed(0)
rng = np.random.default_rng(0)

m, N = 6, 4
logits = rng.normal(scale=2.0, size=(m, N)).astype("float32")
y_sparse = rng.integers(0, N, size=m)                           # e.g. [2 0 3 ...]
y_onehot = tf.keras.utils.to_categorical(y_sparse, num_classes=N)
print("sparse labels: ", y_sparse, " shape", y_sparse.shape)
print("one-hot labels, first two rows:", y_onehot[:2].astype(int).tolist(), " shape", y_onehot.shape)

# From logits (the recommended form) and from probabilities: Keras sparse vs one-hot vs NumPy,
# all equal to 1e-6.

probs = tf.nn.softmax(logits).numpy()
numpy_cost = np.mean(-np.log(probs[np.arange(m), y_sparse]))
for from_logits, outputs in [(True, logits), (False, probs)]:
    sparse = float(SparseCategoricalCrossentropy(from_logits=from_logits)(y_sparse, outputs))
    onehot = float(CategoricalCrossentropy(from_logits=from_logits)(y_onehot, outputs))
    print(f"from_logits={from_logits!s:5}: sparse {sparse:.6f}   one-hot {onehot:.6f}"
          f"   NumPy -mean(log a_y) {numpy_cost:.6f}")
    np.testing.assert_allclose([sparse, onehot], numpy_cost, rtol=1e-6, atol=1e-6)
