# # Exercise: how many steps does `fit` take?
#
# Predict the output. The program below trains a small network on m = 200 examples with
# `model.fit(X, y, epochs=3)`, without giving a `batch_size`, and then prints how many times the
# optimizer updated the parameters (`model.optimizer.iterations`). Before running it, set `answer`
# to that number: an integer.
#
# The check runs the training and compares your answer with the count Keras reports. Run this
# file: it stops with "not yet: ..." and a hint until your answer is right, then prints "ok: ...".

import numpy as np
import tensorflow as tf
from tensorflow.keras import Input, Sequential
from tensorflow.keras.layers import Dense

# --8<-- [start:task]
answer = None  # the number of optimizer steps fit takes: an integer
# --8<-- [end:task]

# The check (no need to read it to do the exercise).

def check(answer):
    if answer is None:
        raise SystemExit("not yet: answer is None; set it to the number of optimizer steps, an integer "
                         "(hint: how many examples does fit use for one step by default?)")
    if isinstance(answer, bool) or not isinstance(answer, (int, float, np.integer, np.floating)):
        raise SystemExit(f"not yet: answer is {answer!r}, a {type(answer).__name__}; a number of steps "
                         "is an integer")
    tf.keras.utils.set_random_seed(0)
    rng = np.random.default_rng(0)
    m, epochs = 200, 3
    X = rng.normal(size=(m, 4)).astype(np.float32)
    y = (X[:, 0] + X[:, 1] > 0).astype(np.float32)
    model = Sequential([Input(shape=(4,)), Dense(3, activation="relu"), Dense(1, activation="sigmoid")])
    model.compile(loss="binary_crossentropy")  # no optimizer: Keras's default, RMSprop
    model.fit(X, y, epochs=epochs, verbose=0)
    steps = int(model.optimizer.iterations)
    per_epoch = steps // epochs
    whole = isinstance(answer, (int, np.integer))
    if answer == steps and whole:
        print(f"ok: fit took {steps} steps: {per_epoch} mini-batches per epoch (the default batch_size is "
              f"32, so {per_epoch - 1} batches of 32 and a last one of {m - 32 * (per_epoch - 1)}) "
              f"times {epochs} epochs")
        return
    if answer == steps:
        raise SystemExit(f"not yet: {answer} is the right count, but a {type(answer).__name__} (np.ceil and / "
                         "give floats): a number of steps is an int; round up to an int: "
                         "math.ceil(200 / 32) * 3, or int(np.ceil(200 / 32)) * 3")
    if np.isclose(answer, m / 32 * epochs):
        raise SystemExit(f"not yet: {answer!r} is m / 32 * epochs: {m} / 32 = {m / 32} is not a whole number of "
                         f"mini-batches; the last one holds the {m % 32} examples left over: round up to an int")
    if answer == epochs:
        raise SystemExit(f"not yet: {answer} is the number of epochs; an epoch is one pass over all the "
                         "examples, cut into mini-batches, and each mini-batch is one step")
    if answer == m * epochs:
        raise SystemExit(f"not yet: {answer} would be one step per example; fit updates once per "
                         "mini-batch, and its default batch_size is 32")
    if answer == (m // 32) * epochs:
        raise SystemExit(f"not yet: {answer} leaves out the last, smaller mini-batch of each epoch: "
                         "fit does not drop it (round m / 32 up, not down)")
    if answer == per_epoch:
        raise SystemExit(f"not yet: {answer} is the number of steps of one epoch; fit runs {epochs}")
    if not whole:
        raise SystemExit(f"not yet: answer is {answer!r}, a {type(answer).__name__}; a number of steps is an "
                         "integer: count the mini-batches of one epoch, then multiply by the epochs")
    raise SystemExit(f"not yet: fit did not take {answer} steps; count the mini-batches of one epoch "
                     "(the default batch_size is 32), then multiply by the number of epochs")


check(answer)
