# # Exercise: predict a derivative with the chain rule
#
# A small computation graph with one parameter $w$ (and $x = 3$, $b = -3$, $y = 5$ fixed):
#
# $z = w x + b$, $\quad a = z^2$, $\quad J = \frac12 (a - y)^2$, at $w = 2$.
#
# **By hand**, run the forward pass ($z$, $a$, $J$), then the backward pass: multiply the local
# derivatives along the path from $J$ back to $w$, $\partial J/\partial a$, $\partial a/\partial z$
# and $\partial z/\partial w$. Set `answer` to $\partial J / \partial w$, one number.
#
# The check computes the derivative with `tf.GradientTape` and with a finite difference
# $(J(w + \varepsilon) - J(w - \varepsilon)) / 2\varepsilon$, accepts your number within 0.1 %, and
# recognises a product with one of the three factors forgotten, with $z$ where $2z$ belongs, or
# with the wrong sign. Run this file: it stops with "not yet: ..." and a hint until your answer
# is right, then prints "ok: ...".

import numpy as np
import tensorflow as tf

# --8<-- [start:task]
# Your answer: dJ/dw at w = 2, one number
answer = None
# --8<-- [end:task]

# The check (no need to read it to do the exercise).

X, B, Y = 3.0, -3.0, 5.0


def cost(w):
    z = w * X + B
    a = z**2
    return 0.5 * (a - Y) ** 2


def check(answer):
    w0 = 2.0
    w = tf.Variable(w0, dtype=tf.float64)
    with tf.GradientTape() as tape:
        j = cost(w)
    tape_grad = float(tape.gradient(j, w))
    eps = 1e-6
    fd_grad = (cost(w0 + eps) - cost(w0 - eps)) / (2 * eps)
    np.testing.assert_allclose(tape_grad, fd_grad, rtol=1e-6)  # the two references agree
    z = w0 * X + B
    a = z**2
    if answer is None:
        raise SystemExit("not yet: answer is None; run the forward pass (z, a, J) at w = 2, then multiply "
                         "dJ/da, da/dz and dz/dw")
    if isinstance(answer, bool) or np.ndim(answer) != 0:
        raise SystemExit(f"not yet: answer is {answer!r}; dJ/dw at w = 2 is one number")
    try:
        got = float(answer)
    except (TypeError, ValueError) as exc:
        raise SystemExit(f"not yet: answer must be one number ({exc})") from None

    def near(x):
        return np.isclose(got, x, rtol=1e-3, atol=0)

    if near(tape_grad):
        print(f"ok: dJ/dw = {got:g}; GradientTape gives {tape_grad:.6f}, the finite difference "
              f"{fd_grad:.6f}: (a - y) * 2z * x = {a - Y:g} * {2 * z:g} * {X:g}")
        return
    if near(-tape_grad):
        raise SystemExit("not yet: your derivative has the wrong sign: dJ/da = a - y (not y - a), and a = 9 "
                         "is above y = 5")
    if near(tape_grad / (2 * z)):
        raise SystemExit("not yet: you forgot the factor da/dz = 2z of a = z^2 (the square's own slope)")
    if near(tape_grad / 2):
        raise SystemExit("not yet: you used z for da/dz; the derivative of z^2 is 2z")
    if near(tape_grad / X):
        raise SystemExit("not yet: you forgot the factor dz/dw = x: w enters z multiplied by x = 3")
    if near(tape_grad / (a - Y)):
        raise SystemExit("not yet: you forgot the factor dJ/da = a - y: J = (a - y)^2 / 2 has slope a - y")
    raise SystemExit(f"not yet: dJ/dw is not {got:g}; check the forward pass (z, then a = z^2), then "
                     "multiply dJ/da = a - y, da/dz = 2z and dz/dw = x")


check(answer)
