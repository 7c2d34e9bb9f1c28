# # Note A's regression line: `model.complie`
#
# A Keras model has a `compile` method and no `complie`.

# expect-error: AttributeError: 'Sequential' object has no attribute 'complie'
from tensorflow.keras import Input, Sequential
from tensorflow.keras.layers import Dense
from tensorflow.keras.losses import MeanSquaredError

model = Sequential([Input(shape=(1,)), Dense(1, activation="linear")])
model.complie(loss=MeanSquaredError())
