# # Note A's regression line: `MeanSquaredError` never imported
#
# Note A imports `BinaryCrossentropy` but not `MeanSquaredError`, so even with `compile` spelled
# right the name is unknown. It lives in `tensorflow.keras.losses`, next to `BinaryCrossentropy`.

# expect-error: NameError: name 'MeanSquaredError' is not defined
from tensorflow.keras import Input, Sequential
from tensorflow.keras.layers import Dense
from tensorflow.keras.losses import BinaryCrossentropy  # noqa: F401 (as in the note)

model = Sequential([Input(shape=(1,)), Dense(1, activation="linear")])
model.compile(loss=MeanSquaredError())  # noqa: F821 (the note never imports it)
