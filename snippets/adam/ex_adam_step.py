# # Exercise: one Adam step, as Keras takes it
#
# Write `adam_step(w, g, m, v, t, ...)`: one step of Adam for the parameters `w` (a NumPy array)
# with gradient `g`, at step `t` (1 for the first step), given the running means `m` and `v` of
# the previous step (zeros before the first). Return the new `(w, m, v)`. Use the order Keras
# uses:
#
# $m \leftarrow \beta_1 m + (1 - \beta_1) g$, $v \leftarrow \beta_2 v + (1 - \beta_2) g^2$,
# $\alpha_t = \alpha \sqrt{1 - \beta_2^t} / (1 - \beta_1^t)$ and
# $w \leftarrow w - \alpha_t\, m / (\sqrt{v} + \epsilon)$.
#
# Leave the arrays passed in unchanged: return new ones.
#
# The check runs five steps of your function and of `tf.keras.optimizers.Adam` on the same
# gradients, for four parameters whose gradients differ in size from about 1 to about 1e-4, then
# three steps on a (2, 3) matrix of parameters with the default learning rate (your function
# called without `lr`), and wants the same weights after every step (tolerance 1e-6). It
# recognises a missing bias correction, the epsilon inside the square root, the paper's form of
# the step and a step up the gradient. Run this file: it stops with "not yet: ..." and a hint
# until your function is right, then prints "ok: ...".

import numpy as np
import tensorflow as tf


# --8<-- [start:task]
def adam_step(w, g, m, v, t, lr=0.001, beta_1=0.9, beta_2=0.999, epsilon=1e-7):
    """One Adam step at step t (1, 2, ...): returns the new (w, m, v)."""
    # Your code here: update m and v, compute alpha_t, then step w.
    return None
# --8<-- [end:task]

# The check (no need to read it to do the exercise).

def reference(w, m, v, g, t, lr, form):
    """Adam as Keras computes it ("keras") and the usual mistakes, to name the one made."""
    b1, b2, eps = 0.9, 0.999, 1e-7
    m = b1 * m + (1 - b1) * g
    v = b2 * v + (1 - b2) * g**2
    alpha_t = lr * np.sqrt(1 - b2**t) / (1 - b1**t)
    if form == "keras":
        w = w - alpha_t * m / (np.sqrt(v) + eps)
    elif form == "no bias correction":
        w = w - lr * m / (np.sqrt(v) + eps)
    elif form == "epsilon inside":
        w = w - alpha_t * m / np.sqrt(v + eps)
    elif form == "paper":
        w = w - lr * (m / (1 - b1**t)) / (np.sqrt(v / (1 - b2**t)) + eps)
    elif form == "up the gradient":
        w = w + alpha_t * m / (np.sqrt(v) + eps)
    return w, m, v


HINTS = {
    "no bias correction": "you step with lr, not alpha_t = lr * sqrt(1 - beta_2^t) / (1 - beta_1^t): "
                          "no bias correction, so the first steps are wrong (m and v start at 0)",
    "epsilon inside": "you put epsilon inside the square root, sqrt(v + eps); Keras adds it after: "
                      "sqrt(v) + eps (it matters for the parameter whose gradients are about 1e-4)",
    "paper": "you used the paper's form, m_hat / (sqrt(v_hat) + eps) with the bias-corrected m_hat, "
             "v_hat; Keras folds the corrections into alpha_t and adds eps to sqrt(v), which differs "
             "where sqrt(v) is as small as eps: use alpha_t * m / (sqrt(v) + eps)",
    "up the gradient": "your parameters move up the gradient: the sign of the step; Adam subtracts, "
                       "w - alpha_t * m / (sqrt(v) + eps)",
}


def steps_of(fn, w0, grads, lr):
    """Your steps and Keras's on the same gradients (lr None: both at their defaults); the named
    mistake of the first step where they differ, or the final weights."""
    var = tf.Variable(w0.astype("float32"))
    opt = tf.keras.optimizers.Adam() if lr is None else tf.keras.optimizers.Adam(learning_rate=lr)
    w, m, v = w0.copy(), np.zeros_like(w0), np.zeros_like(w0)
    forms = {f: (w0.copy(), np.zeros_like(w0), np.zeros_like(w0)) for f in HINTS}
    tol = 1e-6
    for t, g in enumerate(grads, start=1):
        given = (w, g.copy(), m, v)
        seen = [a.copy() for a in given]
        try:
            out = fn(*given, t) if lr is None else fn(*given, t, lr=lr)
            if out is None:
                raise SystemExit("not yet: adam_step returned None; fill in the function and return the "
                                 "new (w, m, v)")
            if len(out) != 3:
                raise SystemExit(f"not yet: adam_step returned {len(out)} things; return the new (w, m, v)")
            w, m, v = (np.asarray(a) for a in out)
        except SystemExit:
            raise
        except Exception as exc:  # noqa: BLE001 - any error is reported as a hint
            raise SystemExit(f"not yet: adam_step raised {type(exc).__name__}: {exc}") from None
        if not all(np.array_equal(a, b) for a, b in zip(given, seen)):
            raise SystemExit("not yet: adam_step changed the arrays it was given (an in-place operation such "
                             "as m *= beta_1 or w -= ...): compute new arrays and return them, leaving the "
                             "inputs as they are")
        for name, a in (("w", w), ("m", m), ("v", v)):
            if a.shape != w0.shape:
                raise SystemExit(f"not yet: adam_step returned {name} of shape {a.shape} for parameters of shape "
                                 f"{w0.shape}")
        opt.apply_gradients([(tf.constant(g.astype("float32")), var)])
        forms = {f: reference(*forms[f], g, t, lr or 0.001, f) for f in forms}
        keras_w = var.numpy().astype(np.float64)
        if not np.allclose(w, keras_w, rtol=0, atol=tol):
            if not np.all(np.isfinite(w)):
                raise SystemExit(f"not yet: after step {t} your weights hold nan or inf: a square root of a "
                                 "negative v, or a division by 0; check v and alpha_t")
            for form, hint in HINTS.items():
                if np.allclose(w, forms[form][0], rtol=0, atol=tol):
                    raise SystemExit(f"not yet: after step {t}, {hint}")
            where = "with the default learning rate (no lr given), " if lr is None else ""
            raise SystemExit(f"not yet: after step {t} {where}your weights differ from Keras's Adam by up to "
                             f"{np.abs(w - keras_w).max():.2g} (tolerance {tol:.0e}); check m, v and "
                             "alpha_t against the formulas above, and the defaults in the signature")
    return w, keras_w


def check(fn):
    rng = np.random.default_rng(0)
    lr, steps = 0.01, 5
    w0 = rng.normal(size=4)
    grads = rng.normal(size=(steps, 4)) * np.array([1.0, 0.1, 1e-3, 1e-4]) + np.array([0, 0, 0, 1e-4])
    w, keras_w = steps_of(fn, w0, grads, lr)
    # A matrix of parameters, three steps with Keras's defaults (lr 0.001): adam_step called without lr.
    w0_2 = rng.normal(size=(2, 3))
    grads_2 = rng.normal(size=(3, 2, 3)) * np.array([1.0, 1e-2, 1e-4])
    w_2, keras_w_2 = steps_of(fn, w0_2, grads_2, None)
    worst = max(np.abs(w - keras_w).max(), np.abs(w_2 - keras_w_2).max())
    print(f"ok: {steps} steps of adam_step match tf.keras.optimizers.Adam, and 3 more on a (2, 3) matrix with "
          f"the default learning rate (largest difference {worst:.1e}, tolerance 1e-06); the parameter with "
          f"gradients of about 1e-4 moved {abs(w[3] - w0[3]):.4f}, the one with gradients of about 1 moved "
          f"{abs(w[0] - w0[0]):.4f}")


check(adam_step)
