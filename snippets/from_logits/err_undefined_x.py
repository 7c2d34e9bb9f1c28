# # Note B's probabilities: an undefined `x`
#
# Note B's imports and improved model, with the loss's name spelt right, compiled. Its two lines
# that turn the logits into probabilities start with `logit = model(x)`, and `x` is defined
# nowhere in the note (Note B has no data and no `fit`).

import tensorflow as tf
from tensorflow.keras import Sequential
from tensorflow.keras.layers import Dense
from tensorflow.keras.losses import SparseCategoricalCrossentropy

model = Sequential([
    Dense(units=25, activation="relu"),
    Dense(units=15, activation="relu"),
    Dense(units=10, activation="linear")
])
model.compile(loss=SparseCategoricalCrossentropy(from_logits=True))

# expect-error: NameError: name 'x' is not defined
logit = model(x)
f_x = tf.nn.sigmoid(logit)
