# # Exercise: three yes/no questions about a digit
#
# Each 8x8 digit image gets three labels at once: is the digit 5 or more? is it even? does it
# have a closed loop (0, 6, 8 or 9)? A 6 is `[1, 1, 1]`, a 1 is `[0, 0, 0]`, a 4 is `[0, 1, 0]`.
# Write `build_model(n_inputs)`: a compiled Keras model for this multi-label problem, one hidden
# layer of your choice and an output layer of **3 units with a sigmoid each**, the loss
# `BinaryCrossentropy`, and an optimizer (Adam with `learning_rate=0.01` works well).
#
# The check looks at the untrained model first (3 outputs, each a probability, not summing to 1
# as a softmax's do), then trains it for 15 epochs (batches of 64) on 1347 images and asks for
# an accuracy of at least 90 % on **each** label of the 450 held-out images (0.5 threshold). Run
# this file: it stops with "not yet: ..." and a hint until your model is right, then prints
# "ok: ...".

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
    # Your code here: Sequential([Input(shape=(n_inputs,)), Dense(...), Dense(3, ...)]), then compile.
    return None
# --8<-- [end:task]

# The check (no need to read it to do the exercise).

def check(fn):
    digits = load_digits()
    X, d = digits.data / 16.0, digits.target
    Y = np.stack([d >= 5, d % 2 == 0, np.isin(d, [0, 6, 8, 9])], axis=1).astype("float32")
    order = np.random.default_rng(0).permutation(len(X))
    train, test = order[:1347], order[1347:]
    tf.keras.utils.set_random_seed(0)
    try:
        model = fn(X.shape[1])
        if model is None:
            raise SystemExit("not yet: build_model returned None; build a Sequential model with 3 sigmoid "
                             "outputs, compile it with BinaryCrossentropy, and return it")
        out = np.asarray(model.predict(X[:50], verbose=0))
    except SystemExit:
        raise
    except Exception as exc:  # noqa: BLE001 - any error is reported as a hint
        raise SystemExit(f"not yet: build_model raised {type(exc).__name__}: {exc}") from None
    if out.ndim != 2 or out.shape[1] != 3:
        raise SystemExit(f"not yet: your model outputs shape {out.shape[1:]} per batch row; it needs 3 "
                         "output units, one per question (one output unit can answer only one question)")
    if out.min() < 0 or out.max() > 1:
        raise SystemExit(f"not yet: your outputs range from {out.min():.2f} to {out.max():.2f}, not "
                         "probabilities: give the output layer activation=\"sigmoid\"")
    if np.allclose(out.sum(axis=1), 1, atol=1e-4):
        raise SystemExit("not yet: your 3 outputs sum to 1 for every image: that is a softmax, which makes "
                         "the questions compete; each question needs its own sigmoid")
    if getattr(model, "optimizer", None) is None or getattr(model, "loss", None) is None:
        raise SystemExit("not yet: your model is not compiled: model.compile(optimizer=..., "
                         "loss=BinaryCrossentropy())")
    try:
        model.fit(X[train], Y[train], epochs=15, batch_size=64, verbose=0)
        p = np.asarray(model.predict(X[test], verbose=0))
    except Exception as exc:  # noqa: BLE001 - any error is reported as a hint
        raise SystemExit(f"not yet: training raised {type(exc).__name__}: {exc}") from None
    acc = ((p >= 0.5) == (Y[test] == 1)).mean(axis=0)
    names = ["5 or more", "even", "closed loop"]
    shown = ", ".join(f"{n} {a:.3f}" for n, a in zip(names, acc))
    if acc.min() < 0.9:
        raise SystemExit(f"not yet: held-out accuracy per label: {shown}; each must be at least 0.90. "
                         "Check the loss (BinaryCrossentropy), the learning rate, the hidden layer's size")
    print(f"ok: held-out accuracy per label (450 images): {shown} (each at least 0.90)")


check(build_model)
