# # Exercise: an output activation for each target
#
# Predict the right choice. Three networks differ only in what their single output unit must
# predict:
#
# - `"malignant"`: whether a tumour is malignant, a label 0 or 1 (the output is read as the
#   probability that the label is 1);
# - `"price_change"`: tomorrow's change of a share price, in dollars, a rise or a fall;
# - `"minutes"`: how many minutes a delivery will take, never negative.
#
# For each, pick the activation of the output layer, one of `"sigmoid"`, `"linear"`, `"relu"`,
# `"tanh"` or `"softmax"`, and write it into `answer`.
#
# The check asks Keras what each activation you chose can output (its values for logits from -10
# to 10, through `keras.activations`) and tests that this fits the target: a probability lies
# between 0 and 1 and must vary with the input, a change can be negative or positive and of any
# size, a duration is never negative. Run this file: it stops with "not yet: ..." and a hint until
# every choice is right, then prints "ok: ...".

import numpy as np
import tensorflow as tf

# --8<-- [start:task]
answer = {
    "malignant": "sigmoid",     # "sigmoid", "linear", "relu", "tanh" or "softmax"
    "price_change": "linear",
    "minutes": "relu",
}
# --8<-- [end:task]

# The check (no need to read it to do the exercise).

CHOICES = ("sigmoid", "linear", "relu", "tanh", "softmax")


def outputs(name):
    """What a one-unit output layer with this activation gives for logits from -10 to 10."""
    z = tf.constant(np.linspace(-10.0, 10.0, 201).reshape(-1, 1), dtype=tf.float32)
    return tf.keras.activations.get(name)(z).numpy().ravel()


def check(answer):
    if answer is None or not isinstance(answer, dict):
        raise SystemExit("not yet: answer should be a dict with the keys \"malignant\", \"price_change\" and "
                         "\"minutes\", each an activation's name")
    extra = sorted(set(answer) - {"malignant", "price_change", "minutes"}, key=str)
    if extra:
        raise SystemExit(f"not yet: answer has the key(s) {extra}; it needs exactly \"malignant\", "
                         "\"price_change\" and \"minutes\"")
    for key in ("malignant", "price_change", "minutes"):
        if answer.get(key) is None:
            raise SystemExit(f"not yet: answer[\"{key}\"] is None; choose one of {', '.join(CHOICES)} "
                             "(hint: which values can the target take?)")
        if answer[key] not in CHOICES:
            raise SystemExit(f"not yet: answer[\"{key}\"] is {answer[key]!r}; choose one of {', '.join(CHOICES)}")
    lows_highs = {}
    for key, name in answer.items():
        out = outputs(name)
        lows_highs[key] = (out.min(), out.max())
        low, high = lows_highs[key]
        if key == "malignant":
            if high - low < 1e-6:
                raise SystemExit(f"not yet: {name} of a single output unit is always {low:.1f}, whatever the "
                                 "input (softmax normalises over the units of the layer, here one): it cannot "
                                 "estimate a probability; the one-unit version of softmax is the sigmoid")
            if low < 0 or high > 1:
                raise SystemExit(f"not yet: a {name} output goes from {low:.2f} to {high:.2f} for logits in "
                                 "[-10, 10]: not a probability, which lies between 0 and 1")
        elif key == "price_change":
            if low >= 0:
                raise SystemExit(f"not yet: a {name} output is never below {low:.2f}: it cannot predict a fall "
                                 "of the price; the change can be negative")
            if high <= 1 or low >= -1:
                raise SystemExit(f"not yet: a {name} output stays between {low:.2f} and {high:.2f}: it cannot "
                                 "predict a change of more than a dollar; the change can be of any size")
        elif key == "minutes":
            if low < 0:
                raise SystemExit(f"not yet: a {name} output can be {low:.2f}, negative minutes; choose an "
                                 "activation whose outputs are never negative but can grow without bound")
            if high <= 1:
                raise SystemExit(f"not yet: a {name} output is never above {high:.2f}: it cannot predict a "
                                 "delivery of more than a minute")
    print("ok: " + "; ".join(f"{key}: {answer[key]} (outputs from {low:.4g} to {high:.4g})"
                             for key, (low, high) in lows_highs.items()))


check(answer)
