# # Note A's softmax network: `Dense` from the wrong module
#
# Note A writes `from tensorflow.keras import Dense`. With the missing commas between its layers
# fixed, the program stops at that import: `Dense` lives in `tensorflow.keras.layers`.

# expect-error: ImportError: cannot import name 'Dense' from 'tensorflow.keras'
from tensorflow.keras import Dense, Sequential

model = Sequential([
    Dense(25, activation="relu"),
    Dense(15, activation="relu"),
    Dense(10, activation="softmax"),
])
