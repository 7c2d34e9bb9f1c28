# # Exercise: three yes/no questions about a digit
#
# Each 8x8 digit image gets three labels at once: is the digit 5 or more? is it even? does it
# have a closed loop (0, 6, 8 or 9)? A 6 is `[1, 1, 1]`, a 1 is `[0, 0, 0]`, a 4 is `[0, 1, 0]`.
# Write `build_model(n_inputs)`: a compiled Keras model for this multi-label problem, one hidden
# layer of your choice and an output layer of **3 units with a sigmoid each**, the loss
# `BinaryCrossentropy`, and an optimizer (Adam with `learning_rate=0.01` works well). The page's
# other form is right too: a linear output layer (3 logits) with
# `BinaryCrossentropy(from_logits=True)`, which applies the sigmoid inside the loss.
#
# The check looks at the model first (inputs of `n_inputs` pixels, one hidden `Dense` layer, 3
# output units, the loss, and an output activation that fits the loss's `from_logits`), then
# trains it for 15 epochs (batches of 64) on 1347 images and asks for an accuracy of at least
# 90 % on **each** label of the 450 held-out images (probability 0.5 as the threshold). Run this
# file: it stops with "not yet: ..." and a hint until your model is right, then prints "ok: ...".

import numpy as np
import tensorflow as tf
from sklearn.datasets import load_digits
from tensorflow.keras import Input, Sequential  # noqa: F401 - for your model
from tensorflow.keras.layers import Dense  # noqa: F401 - for your model
from tensorflow.keras.losses import BinaryCrossentropy  # noqa: F401 - for your model
from tensorflow.keras.optimizers import Adam  # noqa: F401 - for your model


# --8<-- [start:task]
def build_model(n_inputs):
    """A compiled model: inputs of n_inputs pixels, 3 sigmoid outputs, binary cross-entropy."""
    model = Sequential([Input(shape=(n_inputs,)), Dense(32, activation="relu"),
                        Dense(3, activation="sigmoid")])
    model.compile(optimizer=Adam(learning_rate=0.01), loss=BinaryCrossentropy())
    return model
# --8<-- [end:task]

# The check (no need to read it to do the exercise).

def name_of(thing) -> str:
    """A loss's or an activation's name: a string as it is, an object by its class, a function by its name."""
    if isinstance(thing, str):
        return thing
    return getattr(thing, "__name__", None) or type(thing).__name__


def form_of(model, n_inputs) -> str:
    """"probabilities" (sigmoid outputs, BinaryCrossentropy()) or "logits" (linear outputs,
    BinaryCrossentropy(from_logits=True)): the two right forms; anything else stops with its mistake."""
    if model is None:
        raise SystemExit("not yet: build_model returned None; build a Sequential model with 3 sigmoid "
                         "outputs, compile it with BinaryCrossentropy, and return it")
    if getattr(model, "optimizer", None) is None or getattr(model, "loss", None) is None:
        raise SystemExit("not yet: your model is not compiled: model.compile(optimizer=..., "
                         "loss=BinaryCrossentropy())")
    inputs = tuple(model.inputs[0].shape)[1:]
    if inputs != (n_inputs,):
        raise SystemExit(f"not yet: your model takes inputs of shape {inputs}; each image is {n_inputs} pixels: "
                         "Input(shape=(n_inputs,))")
    layers = [layer for layer in model.layers if type(layer).__name__ != "InputLayer"]
    if len(layers) != 2 or not all(isinstance(layer, Dense) for layer in layers):
        kinds = ", ".join(type(layer).__name__ for layer in layers)
        raise SystemExit(f"not yet: your model's layers are [{kinds}]; the task asks for one hidden Dense layer "
                         "and a Dense output layer of 3 units")
    out = layers[-1]
    if out.units != 3:
        raise SystemExit(f"not yet: your output layer has {out.units} unit(s); it needs 3, one per question "
                         "(one output unit can answer only one question)")
    activation, loss = name_of(out.activation), name_of(model.loss)
    if activation == "softmax":
        raise SystemExit("not yet: your output layer applies softmax: its 3 outputs sum to 1 for every image, "
                         "that is a softmax, which makes the questions compete; each question needs its own sigmoid")
    if loss not in ("BinaryCrossentropy", "binary_crossentropy"):
        raise SystemExit(f"not yet: the loss is {loss}; each of the 3 outputs answers a yes/no question, whose "
                         "loss is the binary cross-entropy: BinaryCrossentropy()")
    config = model.loss.get_config() if hasattr(model.loss, "get_config") else {}
    from_logits = bool(config.get("from_logits", False))
    if activation == "sigmoid" and not from_logits:
        return "probabilities"
    if activation == "linear" and from_logits:
        return "logits"
    if activation == "sigmoid":
        raise SystemExit("not yet: your outputs go through a sigmoid, and from_logits=True makes the loss apply "
                         "a second sigmoid to them (it treats them as logits): either BinaryCrossentropy() with "
                         "sigmoid outputs, or linear outputs with from_logits=True")
    if activation == "linear":
        raise SystemExit("not yet: your outputs are linear (real numbers of either sign, unbounded), not "
                         "probabilities, and BinaryCrossentropy() expects probabilities: give the output layer "
                         "activation=\"sigmoid\", or leave it linear and pass from_logits=True")
    raise SystemExit(f"not yet: your output layer applies {activation}, whose outputs are not probabilities: "
                     "activation=\"sigmoid\" (or a linear output with BinaryCrossentropy(from_logits=True))")


def check(fn):
    digits = load_digits()
    X, d = digits.data / 16.0, digits.target
    Y = np.stack([d >= 5, d % 2 == 0, np.isin(d, [0, 6, 8, 9])], axis=1).astype("float32")
    order = np.random.default_rng(0).permutation(len(X))
    train, test = order[:1347], order[1347:]
    tf.keras.utils.set_random_seed(0)
    try:
        model = fn(X.shape[1])
        form = form_of(model, X.shape[1])
        model.fit(X[train], Y[train], epochs=15, batch_size=64, verbose=0)
        out = np.asarray(model.predict(X[test], verbose=0))
    except SystemExit:
        raise
    except Exception as exc:  # noqa: BLE001 - any error is reported as a hint
        raise SystemExit(f"not yet: building or training your model raised {type(exc).__name__}: {exc}") from None
    p = out if form == "probabilities" else tf.nn.sigmoid(out).numpy()
    acc = ((p >= 0.5) == (Y[test] == 1)).mean(axis=0)
    names = ["5 or more", "even", "closed loop"]
    shown = ", ".join(f"{n} {a:.3f}" for n, a in zip(names, acc))
    if acc.min() < 0.9:
        raise SystemExit(f"not yet: held-out accuracy per label: {shown}; each must be at least 0.90. "
                         "Check the learning rate and the hidden layer's size")
    outputs = "3 sigmoid outputs" if form == "probabilities" else "3 logits with from_logits=True"
    print(f"ok: {outputs}, held-out accuracy per label (450 images): {shown} (each at least 0.90)")


check(build_model)
