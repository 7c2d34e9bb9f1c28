# # Exercise: predict Adam's first step
#
# Three parameters start at 0 and get the gradients 100, -1 and 0.001 at Adam's first step
# (`tf.keras.optimizers.Adam(learning_rate=0.01)`, the other settings Keras's defaults:
# $\beta_1 = 0.9$, $\beta_2 = 0.999$, $\epsilon = 10^{-7}$). **Before running anything**, work
# out by hand how much each parameter changes (new value minus old, with its sign) and set
# `answer` to those three numbers. Hint: at $t = 1$, $m = (1 - \beta_1) g$ and
# $v = (1 - \beta_2) g^2$; write out $\alpha_1$ and see what is left of $g$.
#
# The check takes the step with Keras's Adam and accepts your numbers within 1 % of it; it
# recognises gradient descent's step $-\alpha g$, a step without the bias correction and a step
# up the gradient. Run this file: it stops with "not yet: ..." and a hint until your answer is
# right, then prints "ok: ...".

import numpy as np
import tensorflow as tf

# --8<-- [start:task]
# Your answer: the change of each of the three parameters, e.g. answer = [-1.0, 2.0, 3.0]
answer = None
# --8<-- [end:task]

# The check (no need to read it to do the exercise).

def check(answer):
    lr = 0.01
    g = np.array([100.0, -1.0, 0.001])
    var = tf.Variable(np.zeros(3, dtype="float32"))
    tf.keras.optimizers.Adam(learning_rate=lr).apply_gradients([(tf.constant(g.astype("float32")), var)])
    want = var.numpy().astype(np.float64)
    if answer is None:
        raise SystemExit("not yet: answer is None; set answer = [change 1, change 2, change 3], worked out "
                         "from m = 0.1 g, v = 0.001 g^2 and alpha_1 = lr * sqrt(1 - 0.999) / (1 - 0.9)")
    try:
        got = np.asarray(answer, dtype=np.float64)
    except (TypeError, ValueError) as exc:
        raise SystemExit(f"not yet: answer must be three numbers ({exc})") from None
    if got.shape != (3,):
        raise SystemExit(f"not yet: answer has shape {got.shape}; give three numbers, the change of each of the "
                         "three parameters, e.g. [-1.0, 2.0, 3.0]")

    def near(x):
        return np.allclose(got, x, rtol=0.01, atol=0)

    if near(want):
        # The domain of "about the learning rate": |g| much larger than epsilon = 1e-7. A gradient of
        # epsilon itself moves its parameter by a small fraction of lr.
        tiny = tf.Variable(np.zeros(1, dtype="float32"))
        tf.keras.optimizers.Adam(learning_rate=lr).apply_gradients([(tf.constant([1e-7], dtype="float32"), tiny)])
        ratio = abs(float(tiny.numpy()[0])) / lr
        assert ratio < 0.1, ratio
        print(f"ok: Adam's first step changes the parameters by {want[0]:+.6f}, {want[1]:+.6f}, "
              f"{want[2]:+.6f} for gradients 100, -1, 0.001: about the learning rate {lr}, against the "
              "gradient's sign, for gradients much larger than epsilon = 1e-7 in size (Keras's Adam, tolerance "
              f"1 %); a gradient of 1e-7 would move its parameter by {ratio:.3f} of the learning rate")
        return
    if near(-lr * g):
        raise SystemExit("not yet: -lr * g is gradient descent's step; Adam divides m by sqrt(v), so the "
                         "size of g cancels out: at t = 1, m / sqrt(v) = 0.1 g / (sqrt(0.001) |g|) (for |g| much "
                         "larger than epsilon)")
    if near(-lr * 0.1 * g / (np.sqrt(0.001) * np.abs(g))):
        raise SystemExit("not yet: you left out the bias correction: the first step is scaled by "
                         "alpha_1 = lr * sqrt(1 - beta_2) / (1 - beta_1), not lr")
    if near(-want):
        raise SystemExit("not yet: your changes have the wrong sign: Adam, like gradient descent, moves each "
                         "parameter against its gradient")
    raise SystemExit(f"not yet: your changes {np.array2string(got, precision=6)} are not Adam's first step "
                     "(within 1 %); at t = 1, w changes by -alpha_1 * m / (sqrt(v) + eps)")


check(answer)
