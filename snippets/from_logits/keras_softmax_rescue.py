# Keras 3 on TensorFlow quietly rescues a softmax output layer. The softmax a Keras layer applies
# remembers its input (the logits) on the output tensor, and the loss functions look for it
# (keras/src/backend/tensorflow/nn.py, `_get_logits`). Inside `fit` and `evaluate` the loss then
# works from the logits even without `from_logits=True`. Plain arrays carry nothing: the loss of
# `model.predict(...)` output is clipped. The rescue is an implementation detail of the TensorFlow
# backend, so write the model the recommended way and do not depend on it.

import warnings

import numpy as np
import tensorflow as tf
from tensorflow.keras import Input, Sequential
from tensorflow.keras.layers import Dense
from tensorflow.keras.losses import SparseCategoricalCrossentropy

tf.keras.utils.set_random_seed(0)

# A one-layer model whose weights are set by hand: for input x its logits are z = [-30x, 0, 0].
# With true class 0 and x = 1, 10, 100 the true losses are about 30.7, 300.7 and 3000.7.

x = np.array([[1.0], [10.0], [100.0]], dtype="float32")
y = np.zeros(3, dtype=int)
true_losses = np.log(np.exp(-30.0 * x[:, 0]) + 2.0) + 30.0 * x[:, 0]
model = Sequential([Input(shape=(1,)), Dense(3, activation="softmax")])
model.layers[0].set_weights([np.array([[-30.0, 0.0, 0.0]], "float32"), np.zeros(3, "float32")])
# Learning rate 0, so that `fit` reports the loss of these very weights.
model.compile(optimizer=tf.keras.optimizers.SGD(learning_rate=0.0),
              loss=SparseCategoricalCrossentropy())             # no from_logits

mean_true = float(np.mean(true_losses))
fitted = model.fit(x, y, batch_size=3, epochs=1, verbose=0).history["loss"][0]
evaluated = model.evaluate(x, y, batch_size=3, verbose=0)
from_predict = SparseCategoricalCrossentropy()(y, model.predict(x, verbose=0)).numpy()
print(f"true mean loss:                      {mean_true:.4f}")
print(f"loss reported by model.fit:          {fitted:.4f}")
print(f"model.evaluate:                      {evaluated:.4f}")
print(f"loss of model.predict(x) (an array): {from_predict:.4f}")
np.testing.assert_allclose([fitted, evaluated], mean_true, rtol=1e-6)
np.testing.assert_allclose(from_predict, -np.log(np.float32(1e-7)), rtol=1e-6)

# The same with the bare tensor: the output of a softmax layer carries its logits; a NumPy copy
# of the very same numbers does not.

probs_tensor = model(x)
per_example = SparseCategoricalCrossentropy(reduction=None)
print(f"tensor carries logits: {hasattr(probs_tensor, '_keras_logits')}")
print("loss of the tensor:     ", " ".join(f"{v:10.4f}" for v in per_example(y, probs_tensor)))
print("loss of its NumPy copy: ", " ".join(f"{v:10.4f}" for v in per_example(y, np.asarray(probs_tensor))))
np.testing.assert_allclose(per_example(y, probs_tensor).numpy(), true_losses, rtol=1e-6)

# Even the opposite mistake, a softmax layer *and* from_logits=True (a softmax applied twice),
# is caught: Keras warns and uses the logits.

with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    twice = SparseCategoricalCrossentropy(from_logits=True)(y, probs_tensor).numpy()
print(f"softmax layer + from_logits=True: {twice:.4f}, warning: {len(caught) > 0}")
assert any("does not represent logits" in str(w.message) for w in caught)
np.testing.assert_allclose(twice, mean_true, rtol=1e-6)
