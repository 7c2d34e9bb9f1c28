# # Note A's second layer: `'sigmpid'`
#
# With the import spelled `Sequential`, the model fails on the second layer: Keras looks the
# activation up by name, and there is no activation called `sigmpid`.

# expect-error: ValueError: Could not interpret activation function identifier: sigmpid
from tensorflow.keras import Sequential
from tensorflow.keras.layers import Dense

model = Sequential([
    Dense(25, activation="sigmoid"),
    Dense(15, activation="sigmpid"),
    Dense(1, activation="sigmoid"),
])
