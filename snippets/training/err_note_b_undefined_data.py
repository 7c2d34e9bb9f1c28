# # Note B's `fit`: `X` and `y` are never defined
#
# Note B's three blocks with its two other errors fixed (`model =` assigned, one output unit)
# build and compile the model, then stop at `fit`: the note never defines the data.

# expect-error: NameError: name 'X' is not defined
import tensorflow as tf  # noqa: F401 (as in the note)
from tensorflow.keras import Sequential
from tensorflow.keras.layers import Dense

model = Sequential([
    Dense(units=25, activation="sigmoid"),
    Dense(units=15, activation="sigmoid"),
    Dense(units=1, activation="sigmoid"),
])

from tensorflow.keras.losses import BinaryCrossentropy  # noqa: E402 (the note's second block)

model.compile(loss=BinaryCrossentropy())

model.fit(X, y, epochs=100)  # noqa: F821 (the note never defines X and y)
