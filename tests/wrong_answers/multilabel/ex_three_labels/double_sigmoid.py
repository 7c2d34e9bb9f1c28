# mistake: sigmoid outputs with from_logits=True: the loss applies a second sigmoid to the probabilities
# rejected with: a second sigmoid
def build_model(n_inputs):
    """A compiled model: inputs of n_inputs pixels, 3 sigmoid outputs, binary cross-entropy."""
    model = Sequential([Input(shape=(n_inputs,)), Dense(32, activation="relu"), Dense(3, activation="sigmoid")])
    model.compile(optimizer=Adam(learning_rate=0.01), loss=BinaryCrossentropy(from_logits=True))
    return model
