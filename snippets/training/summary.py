# # `keras.Input`, `model.summary()` and the parameter count
#
# A `Dense` layer creates its weights the first time it sees the size of its input. Without
# `Input(shape=...)` the model is not built yet, and nothing can be counted. With it, every count
# is known at once.

import tensorflow as tf
from tensorflow.keras import Input, Sequential
from tensorflow.keras.layers import Dense

tf.keras.utils.set_random_seed(0)

# As in the notes: no `Input`.

unbuilt = Sequential([
    Dense(25, activation="sigmoid"),
    Dense(15, activation="sigmoid"),
    Dense(1, activation="sigmoid"),
])
print(f"built without Input: {unbuilt.built}")
assert not unbuilt.built
try:
    unbuilt.count_params()
except ValueError as exc:
    print(f"count_params() without Input: ValueError: {str(exc).split(',')[0]}")
else:
    raise AssertionError("an unbuilt model cannot count its parameters")

# With `Input(shape=(64,))`: 64 pixels per image.

model = Sequential([
    Input(shape=(64,)),
    Dense(25, activation="sigmoid", name="layer1"),
    Dense(15, activation="sigmoid", name="layer2"),
    Dense(1, activation="sigmoid", name="layer3"),
], name="digits")
model.summary()

# A layer of j units on n inputs has a weight matrix W of shape (n, j) and j biases:
# n * j + j parameters.

for layer in model.layers:
    W, b = layer.get_weights()
    print(f"{layer.name}: W {W.shape}, b {b.shape}, parameters {layer.count_params()}")
    assert layer.count_params() == W.size + b.size == (W.shape[0] + 1) * W.shape[1]
counts = [layer.count_params() for layer in model.layers]
assert counts == [64 * 25 + 25, 25 * 15 + 15, 15 * 1 + 1] == [1625, 390, 16]
print(f"total: {model.count_params()}")
assert model.count_params() == sum(counts) == 2031
