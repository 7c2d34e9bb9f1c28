# Keras 3 on TensorFlow rescues a *sigmoid* output layer too. `keras.activations.sigmoid` on the
# TensorFlow backend stores its input, the logit, on the output tensor
# (keras/src/backend/tensorflow/nn.py), and `binary_crossentropy` with from_logits=False looks it
# up. A model ending in Dense(1, activation="sigmoid") and compiled with BinaryCrossentropy()
# therefore computes its loss, and its gradients, from the logit inside `fit` and `evaluate`:
# unclipped. Only a loss computed on a plain array of probabilities, such as `predict`'s output,
# is clipped to [1e-7, 1 - 1e-7].

import numpy as np
import tensorflow as tf
from tensorflow.keras import Input, Sequential
from tensorflow.keras.layers import Dense
from tensorflow.keras.losses import BinaryCrossentropy

tf.keras.utils.set_random_seed(0)

# One sigmoid unit with weights set by hand: for input x its logit is z = -30x. All labels are 1,
# so with x = 1, 10, 100 the model is more and more confidently wrong; the true losses are
# -log g(z) = log(1 + e^{30x}): about 30, 300 and 3000.

x = np.array([[1.0], [10.0], [100.0]], dtype="float32")
y = np.ones((3, 1), dtype="float32")
true_losses = np.logaddexp(0.0, 30.0 * x[:, 0].astype("float64"))
model = Sequential([Input(shape=(1,)), Dense(1, activation="sigmoid")])
model.layers[0].set_weights([np.array([[-30.0]], "float32"), np.zeros(1, "float32")])
model.compile(optimizer=tf.keras.optimizers.SGD(learning_rate=0.0),   # rate 0: weights stay
              loss=BinaryCrossentropy())                               # no from_logits

mean_true = float(np.mean(true_losses))
fitted = model.fit(x, y, batch_size=3, epochs=1, verbose=0).history["loss"][0]
evaluated = model.evaluate(x, y, batch_size=3, verbose=0)
from_predict = float(BinaryCrossentropy()(y, model.predict(x, verbose=0)))
print(f"true mean loss:                      {mean_true:.4f}")
print(f"loss reported by model.fit:          {fitted:.4f}")
print(f"model.evaluate:                      {evaluated:.4f}")
print(f"loss of model.predict(x) (an array): {from_predict:.4f}")
np.testing.assert_allclose([fitted, evaluated], mean_true, rtol=1e-6)
np.testing.assert_allclose(from_predict, -np.log(np.float32(1e-7)), rtol=1e-6)  # 16.118 each

# The output tensor of the sigmoid layer carries its logits; the same probabilities computed with
# tf.nn.sigmoid, or copied to NumPy, do not. The gradient of the loss with respect to the weight
# shows what this means for training: from the logits it is large (about -x per example,
# averaged: -37); from clipped probabilities it is exactly 0, and the example would teach the
# model nothing.

kernel = model.layers[0].kernel
per_example = BinaryCrossentropy(reduction=None)
with tf.GradientTape(persistent=True) as tape:
    probs_layer = model(x)                                    # Keras layer output
    probs_plain = tf.nn.sigmoid(tf.matmul(x, kernel))         # the same numbers, no logits
    loss_layer = tf.reduce_mean(per_example(y, probs_layer))
    loss_plain = tf.reduce_mean(per_example(y, probs_plain))
grad_layer = float(tape.gradient(loss_layer, kernel)[0, 0])
grad_plain = float(tape.gradient(loss_plain, kernel)[0, 0])
print(f"layer output carries logits: {hasattr(probs_layer, '_keras_logits')}; "
      f"tf.nn.sigmoid output: {hasattr(probs_plain, '_keras_logits')}")
print("loss per example, layer output:", " ".join(f"{v:9.4f}" for v in per_example(y, probs_layer)))
print("loss per example, tf.nn.sigmoid:", " ".join(f"{v:9.4f}" for v in per_example(y, probs_plain)))
print(f"dJ/dw from the layer output {grad_layer:.4f}, from tf.nn.sigmoid {grad_plain:.4f}")
np.testing.assert_allclose(per_example(y, probs_layer).numpy(), true_losses, rtol=1e-6)
np.testing.assert_allclose(per_example(y, probs_plain).numpy(), 16.118095, rtol=1e-6)
np.testing.assert_allclose(grad_layer, -np.mean(x), rtol=1e-5)   # dJ/dw = mean((a - y) x), a ~ 0
assert grad_plain == 0.0

# One more case: inside a `tf.function` (a graph, which is what `fit` runs), Keras also
# recognises a tensor made by a Sigmoid operation by its type and uses that operation's input.
# The same tf.nn.sigmoid probabilities, in a graph, give the true losses again.


@tf.function
def loss_in_graph(x):
    return per_example(y, tf.nn.sigmoid(tf.matmul(x, kernel)))


in_graph = loss_in_graph(x).numpy()
print("loss per example, tf.nn.sigmoid in a tf.function:", " ".join(f"{v:9.4f}" for v in in_graph))
np.testing.assert_allclose(in_graph, true_losses, rtol=1e-6)
