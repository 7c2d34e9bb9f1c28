# right: the loss by its name, a wider hidden layer, the sigmoid given as a function
def build_model(n_inputs):
    """A compiled model: inputs of n_inputs pixels, 3 sigmoid outputs, binary cross-entropy."""
    model = Sequential([Input(shape=(n_inputs,)), Dense(64, activation="relu"),
                        Dense(3, activation=tf.nn.sigmoid)])
    model.compile(optimizer=Adam(learning_rate=0.01), loss="binary_crossentropy")
    return model
