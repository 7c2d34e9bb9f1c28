# Which inputs does each unit see? Dense vs convolutional layer
#
# The EKG example of the course's video *Additional Layer Types*: a signal of 100
# samples x1 ... x100 and a first hidden layer of 9 units. In a Dense layer every
# unit sees all 100 inputs. In the video's convolutional layer, unit 1 sees x1-x20,
# unit 2 sees x11-x30, ..., unit 9 sees x81-x100: in Keras,
# `Conv1D(kernel_size=20, strides=10)`.

import matplotlib.pyplot as plt
import numpy as np
import tensorflow as tf
from tensorflow.keras import Input, Sequential
from tensorflow.keras.layers import Conv1D, Conv2D, Dense, Flatten

tf.keras.utils.set_random_seed(0)

dense = Sequential([Input(shape=(100,)), Dense(9)])
conv = Sequential([Input(shape=(100, 1)), Conv1D(filters=1, kernel_size=20, strides=10)])
print(f"outputs: Dense {dense.output_shape[1:]}, Conv1D {conv.output_shape[1:]}")
assert dense.output_shape[1:] == (9,) and conv.output_shape[1:] == (9, 1)

# Which outputs depend on which inputs: the Jacobian d(output_i)/d(input_j) of each
# layer, computed by TensorFlow, is nonzero exactly where unit i is connected to x_j.

x = tf.constant(np.random.default_rng(0).normal(size=(1, 100)), dtype="float32")
with tf.GradientTape(persistent=True) as tape:
    tape.watch(x)
    out_dense = dense(x)
    out_conv = conv(tf.reshape(x, (1, 100, 1)))
jac_dense = tape.jacobian(out_dense, x).numpy().reshape(9, 100)
jac_conv = tape.jacobian(out_conv, x).numpy().reshape(9, 100)
seen_dense, seen_conv = jac_dense != 0, jac_conv != 0
print(f"connections: Dense {seen_dense.sum()}, Conv1D {seen_conv.sum()}")
print(f"Conv1D without sharing (own 20 weights and bias per unit): {seen_conv.sum() + len(seen_conv)} parameters")
for i in (0, 1, 8):
    cols = np.flatnonzero(seen_conv[i])
    print(f"Conv1D unit {i + 1} sees x{cols[0] + 1} ... x{cols[-1] + 1}")
assert seen_dense.sum() == 9 * 100
assert seen_conv.sum() == 9 * 20 and seen_conv.sum() + len(seen_conv) == 189
assert all(np.array_equal(np.flatnonzero(seen_conv[i]), np.arange(10 * i, 10 * i + 20))
           for i in range(9))

# The layers are linear, so each Jacobian entry is a weight. Keras's Conv1D goes
# further than "each unit looks at a part": its 9 units share ONE set of 20 weights
# (and one bias), a filter slid along the signal.

kernel = conv.layers[0].get_weights()[0][:, 0, 0]  # shape (20,)
for i in range(9):
    np.testing.assert_allclose(jac_conv[i, 10 * i:10 * i + 20], kernel, rtol=1e-6)
print("Conv1D units 1 ... 9 use the same 20 weights: True")

# Parameters: one weight per connection plus a bias per unit for Dense; one filter
# for Conv1D. Multiply-adds per example: one per connection.

print(f"parameters: Dense {dense.count_params()}, Conv1D {conv.count_params()}")
print(f"multiply-adds per example: Dense {seen_dense.sum()}, Conv1D {seen_conv.sum()}")
assert dense.count_params() == 100 * 9 + 9
assert conv.count_params() == 20 + 1

# The same on the 8x8 digit images: 36 units, as a Dense layer on the 64 pixels, or
# as a Conv2D whose units each see a 3x3 patch (6x6 = 36 positions).

dense_2d = Sequential([Input(shape=(8, 8, 1)), Flatten(), Dense(36)])
conv_2d = Sequential([Input(shape=(8, 8, 1)), Conv2D(filters=1, kernel_size=3)])
print(f"8x8 images, 36 units: Dense {dense_2d.count_params()} parameters, "
      f"Conv2D {conv_2d.count_params()} parameters, output {conv_2d.output_shape[1:]}")
assert dense_2d.count_params() == 64 * 36 + 36
assert conv_2d.count_params() == 9 + 1 and conv_2d.output_shape[1:] == (6, 6, 1)

fig, axes = plt.subplots(
    2, 1, figsize=(8, 3.5), sharex=True,
    num="Weights connecting 9 units to 100 inputs (white: no connection): a Dense layer "
        "connects every unit to every input; a Conv1D with kernel 20 and stride 10 "
        "connects each unit to 20 inputs with the same 20 weights",
)
limit = np.abs(np.concatenate([jac_dense, jac_conv])).max()
for ax, jac, title in (
    (axes[0], jac_dense, "Dense(9): every unit sees x1 ... x100, with its own weights"),
    (axes[1], jac_conv, "Conv1D(kernel_size=20, strides=10): 20 inputs each, same 20 weights"),
):
    ax.imshow(jac, aspect="auto", cmap="RdBu", vmin=-limit, vmax=limit,
              extent=(0.5, 100.5, 9.5, 0.5), interpolation="nearest")
    ax.set_title(title, fontsize=10)
    ax.set_ylabel("unit")
    ax.set_yticks([1, 5, 9])
axes[1].set_xlabel("input x_j")
fig.tight_layout()
plt.show()
