# mistake: one sigmoid output unit, as for a single binary question
# rejected with: one output unit can answer only one question
def build_model(n_inputs):
    """A compiled model: inputs of n_inputs pixels, 3 sigmoid outputs, binary cross-entropy."""
    model = Sequential([Input(shape=(n_inputs,)), Dense(32, activation="relu"),
                        Dense(1, activation="sigmoid")])
    model.compile(optimizer=Adam(learning_rate=0.01), loss=BinaryCrossentropy())
    return model
