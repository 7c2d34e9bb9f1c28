# # Exercise: a classifier that outputs logits
#
# Four classes of points in the plane, one blob around each of the four centres of the course's
# optional lab `C2_W2_Multiclass_TF`.
# Write two functions:
#
# - `build_model()`: a `Sequential` model on 2 inputs with a hidden `Dense` layer of 16 ReLU units
#   and an output layer of 4 units that outputs the **logits** $z_1, \dots, z_4$ (linear
#   activation), compiled with `Adam(learning_rate=0.01)` and the loss
#   `SparseCategoricalCrossentropy(from_logits=True)`, so that the loss applies the softmax itself,
#   in its stable form;
# - `predict_proba(model, X)`: the probabilities of the four classes for each row of `X`, as a
#   NumPy array of shape `(m, 4)`: the model's logits turned into probabilities with
#   `tf.nn.softmax`.
#
# The check looks at what the task names (the inputs, each layer's units and activation, the
# loss and its `from_logits`, the optimizer and its learning rate), trains the model for 25 epochs
# on 300 points, tests that your probabilities on 100 other points are a NumPy array, the softmax
# of the logits (each row sums to 1, tolerance 1e-5), and asks for a held-out accuracy of at
# least 90 %. A softmax output layer with `from_logits=False` is a right model too (the page shows
# it), but not this exercise's: here the loss applies the softmax itself, in its stable form. Run
# this file: it stops with "not yet: ..." and a hint until both functions are right, then prints
# "ok: ...".

import numpy as np
import tensorflow as tf
from tensorflow.keras import Input, Sequential  # noqa: F401 - for your build_model
from tensorflow.keras.layers import Dense  # noqa: F401 - for your build_model
from tensorflow.keras.losses import SparseCategoricalCrossentropy  # noqa: F401 - for your build_model
from tensorflow.keras.optimizers import Adam  # noqa: F401 - for your build_model


# --8<-- [start:task]
def build_model():
    """A compiled model whose 4 outputs are logits, trained with from_logits=True."""
    model = Sequential([
        Input(shape=(2,)),
        Dense(16, activation="relu"),
        Dense(4, activation="linear"),
    ])
    model.compile(optimizer=Adam(learning_rate=0.01), loss=SparseCategoricalCrossentropy(from_logits=True))
    return model


def predict_proba(model, X):
    """The probabilities of the 4 classes for each row of X, shape (m, 4)."""
    logits = model.predict(X, verbose=0)
    return tf.nn.softmax(logits).numpy()
# --8<-- [end:task]

# The check (no need to read it to do the exercise).

def blobs(rng, n):
    centres = np.array([[-5.0, 2.0], [-2.0, -2.0], [1.0, 2.0], [5.0, -2.0]])
    y = rng.integers(0, 4, size=n)
    return (centres[y] + rng.normal(size=(n, 2))).astype(np.float32), y


def name_of(thing) -> str:
    """A loss's or an activation's name: a string as it is, an object by its class, a function by its name."""
    if isinstance(thing, str):
        return thing
    return getattr(thing, "__name__", None) or type(thing).__name__


def check_structure(model):
    """What the task names: 2 inputs, 16 ReLU units, 4 linear outputs, the loss and its from_logits, Adam at 0.01."""
    if model is None:
        raise SystemExit("not yet: build_model returned None; fill in the function: a Sequential model "
                         "with a linear output layer of 4 units, compiled with from_logits=True")
    if getattr(model, "optimizer", None) is None or getattr(model, "loss", None) is None:
        raise SystemExit("not yet: build_model returned a model that is not compiled (no optimizer or no loss); "
                         "call model.compile(optimizer=Adam(learning_rate=0.01), "
                         "loss=SparseCategoricalCrossentropy(from_logits=True))")
    layers = [layer for layer in model.layers if type(layer).__name__ != "InputLayer"]
    if len(layers) != 2 or not all(isinstance(layer, Dense) for layer in layers):
        kinds = ", ".join(type(layer).__name__ for layer in layers)
        raise SystemExit(f"not yet: the model's layers are [{kinds}]; the task asks for two Dense layers, a "
                         "hidden one of 16 ReLU units and an output one of 4 linear units")
    inputs = tuple(model.inputs[0].shape)[1:]
    if inputs != (2,):
        raise SystemExit(f"not yet: the model takes inputs of shape {inputs}; each point has 2 coordinates: "
                         "Input(shape=(2,))")
    hidden, out = layers
    if out.units != 4:
        raise SystemExit(f"not yet: the output layer has {out.units} units; one logit per class: 4")
    activation = name_of(out.activation)
    if activation == "softmax":
        raise SystemExit("not yet: the output layer still applies softmax, so with from_logits=True the loss "
                         "would apply it a second time: make the output layer linear")
    if activation != "linear":
        raise SystemExit(f"not yet: the output layer applies {activation}; the logits come from a linear "
                         "output layer (activation=\"linear\", the default)")
    if hidden.units != 16 or name_of(hidden.activation) != "relu":
        why = (" (without a nonlinearity, the two Dense layers compute one linear map of the inputs)"
               if name_of(hidden.activation) == "linear" else "")
        raise SystemExit(f"not yet: the hidden layer has {hidden.units} units with the activation "
                         f"{name_of(hidden.activation)}{why}; the task asks for 16 ReLU units: "
                         "Dense(16, activation=\"relu\")")
    loss = name_of(model.loss)
    if loss not in ("SparseCategoricalCrossentropy", "sparse_categorical_crossentropy"):
        why = {"BinaryCrossentropy": "is for yes/no targets, one probability per output",
               "binary_crossentropy": "is for yes/no targets, one probability per output",
               "CategoricalCrossentropy": "expects one-hot labels",
               "categorical_crossentropy": "expects one-hot labels"}.get(loss, "is not a classification loss")
        raise SystemExit(f"not yet: the loss is {loss}, which {why}; the labels here are integers 0 ... 3: "
                         "use SparseCategoricalCrossentropy(from_logits=True)")
    config = model.loss.get_config() if hasattr(model.loss, "get_config") else {}
    if not config.get("from_logits", False):
        raise SystemExit(f"not yet: the loss ({loss}) expects probabilities, but the model outputs logits: use "
                         "SparseCategoricalCrossentropy(from_logits=True)")
    optimizer, rate = type(model.optimizer).__name__, float(model.optimizer.learning_rate)
    if optimizer != "Adam" or not np.isclose(rate, 0.01):
        raise SystemExit(f"not yet: the optimizer is {optimizer} with learning rate {rate:g}; the task asks for "
                         "Adam(learning_rate=0.01)")


def check(build_model, predict_proba):
    tf.keras.utils.set_random_seed(0)
    rng = np.random.default_rng(0)
    X_train, y_train = blobs(rng, 300)
    X_test, y_test = blobs(rng, 100)
    try:
        model = build_model()
        check_structure(model)
        model.fit(X_train, y_train, epochs=25, verbose=0)
        logits = model.predict(X_test, verbose=0)
    except SystemExit:
        raise
    except Exception as exc:  # noqa: BLE001 - any error is reported as a hint
        raise SystemExit(f"not yet: building or training your model raised {type(exc).__name__}: {exc}") from None
    X_seen = X_test.copy()
    try:
        proba = predict_proba(model, X_test)
    except Exception as exc:  # noqa: BLE001 - any error is reported as a hint
        raise SystemExit(f"not yet: predict_proba raised {type(exc).__name__}: {exc}") from None
    if not np.array_equal(X_test, X_seen):
        raise SystemExit("not yet: predict_proba changed the array X it was given; leave it as it is")
    if proba is None:
        raise SystemExit("not yet: predict_proba returned None; fill in the function: the model's "
                         "logits, then tf.nn.softmax")
    if not isinstance(proba, np.ndarray):
        raise SystemExit(f"not yet: predict_proba returned a {type(proba).__name__}; the task asks for a NumPy "
                         "array (a tensor's .numpy() gives one)")
    if proba.shape != logits.shape:
        raise SystemExit(f"not yet: predict_proba returned shape {proba.shape}; one probability per class "
                         f"and example: {logits.shape}")
    sums = proba.sum(axis=1)
    if np.allclose(proba, logits, atol=1e-4):
        raise SystemExit(f"not yet: predict_proba returns the logits themselves (from {proba.min():.2f} to "
                         f"{proba.max():.2f}, rows summing to {sums.min():.2f} ... {sums.max():.2f}): apply "
                         "tf.nn.softmax to them")
    if np.allclose(proba, tf.nn.sigmoid(logits).numpy(), atol=1e-5):
        raise SystemExit(f"not yet: predict_proba applies the sigmoid to each logit: its rows sum to up to "
                         f"{sums.max():.2f}, not 1; the classes share one softmax")
    if not np.allclose(sums, 1.0, atol=1e-5):
        raise SystemExit(f"not yet: the rows of predict_proba sum to {sums.min():.3f} ... {sums.max():.3f}, "
                         "not 1; apply tf.nn.softmax to the logits (axis=-1)")
    want = tf.nn.softmax(logits).numpy()
    if not np.allclose(proba, want, atol=1e-5):
        raise SystemExit(f"not yet: predict_proba differs from tf.nn.softmax of the logits by up to "
                         f"{np.abs(proba - want).max():.3g}")
    accuracy = np.mean(np.argmax(proba, axis=1) == y_test)
    if accuracy < 0.9:
        raise SystemExit(f"not yet: held-out accuracy {accuracy:.2f}, below 0.90, with the layers and the loss "
                         "the task asks for; check that predict_proba uses the model it is given")
    print(f"ok: 16 ReLU units, a linear output of 4 with SparseCategoricalCrossentropy(from_logits=True), "
          f"probabilities from the softmax (rows sum to 1 within {np.abs(sums - 1).max():.0e}), held-out "
          f"accuracy {accuracy:.2f} on {len(y_test)} points")


check(build_model, predict_proba)
