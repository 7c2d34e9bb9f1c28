# # Note B's first model is not assigned
#
# Note B's first program builds its model with `Sequential([...])` and does not assign it to a name; its next
# block calls `model.compile`. Run one after the other, as the note writes them, the two blocks
# stop at `compile`: there is no `model`.

# expect-error: NameError: name 'model' is not defined
import tensorflow as tf  # noqa: F401 (as in the note)
from tensorflow.keras import Sequential
from tensorflow.keras.layers import Dense

Sequential([
    Dense(units=25, activation="sigmoid"),
    Dense(units=15, activation="sigmoid"),
    Dense(units=2, activation="sigmoid"),
])

from tensorflow.keras.losses import BinaryCrossentropy  # noqa: E402 (the note's next block)

model.compile(loss=BinaryCrossentropy())  # noqa: F821 (not assigned)
