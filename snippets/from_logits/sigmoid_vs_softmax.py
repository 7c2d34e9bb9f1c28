# Note B turns the logits of a softmax model into probabilities with tf.nn.sigmoid. The sigmoid
# squashes each logit on its own: the results do not sum to 1 and are not P(y = j | x).
# tf.nn.softmax is the function the model was trained with.

import numpy as np
import tensorflow as tf

tf.keras.utils.set_random_seed(0)
rng = np.random.default_rng(0)

logits = rng.normal(scale=3.0, size=(5, 10)).astype("float32")   # 5 examples, 10 classes
with_sigmoid = tf.nn.sigmoid(logits).numpy()                        # Note B
with_softmax = tf.nn.softmax(logits).numpy()                        # correct
print("row sums with tf.nn.sigmoid:", " ".join(f"{s:.3f}" for s in with_sigmoid.sum(axis=1)))
print("row sums with tf.nn.softmax:", " ".join(f"{s:.3f}" for s in with_softmax.sum(axis=1)))
print(f"first example, largest 'probability': sigmoid {with_sigmoid[0].max():.3f},"
      f" softmax {with_softmax[0].max():.3f}")
assert np.all(np.abs(with_sigmoid.sum(axis=1) - 1.0) > 0.1)
np.testing.assert_allclose(with_softmax.sum(axis=1), 1.0, rtol=0, atol=1e-6)

# Both functions are increasing, so the predicted class (the argmax) is the same either way:
# the mistake hides in the probabilities, not in the predictions.

assert np.array_equal(np.argmax(with_sigmoid, axis=1), np.argmax(with_softmax, axis=1))
print("argmax of both: ", np.argmax(with_softmax, axis=1).tolist())
