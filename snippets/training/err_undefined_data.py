# # Note A's first program: `X` and `Y` are never defined
#
# Note A's first program with its three other errors fixed (the string `'sigmoid'` closed,
# `Sequential` and `'sigmoid'` spelled right) builds and compiles its model, then stops at
# `fit`: the program never defines the data it trains on.

# expect-error: NameError: name 'X' is not defined
import tensorflow as tf  # noqa: F401 (as in the note)
from tensorflow.keras import Sequential
from tensorflow.keras.layers import Dense

# First Step
model = Sequential([
    Dense(25, activation="sigmoid"),
    Dense(15, activation="sigmoid"),
    Dense(1, activation="sigmoid"),
])

# Second Step
from tensorflow.keras.losses import BinaryCrossentropy  # noqa: E402 (where the note imports it)

model.compile(loss=BinaryCrossentropy())

# Third Step
model.fit(X, Y, epochs=100)  # noqa: F821 (the note never defines X and Y)
