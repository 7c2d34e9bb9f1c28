# mistake: a linear output layer with BinaryCrossentropy() (no sigmoid, no from_logits=True)
# rejected with: not probabilities, and BinaryCrossentropy() expects probabilities
def build_model(n_inputs):
    """A compiled model: inputs of n_inputs pixels, 3 sigmoid outputs, binary cross-entropy."""
    model = Sequential([Input(shape=(n_inputs,)), Dense(32, activation="relu"), Dense(3)])
    model.compile(optimizer=Adam(learning_rate=0.01), loss=BinaryCrossentropy())
    return model
