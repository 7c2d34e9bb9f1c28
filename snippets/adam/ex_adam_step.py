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
# The check runs five steps of your function and of `tf.keras.optimizers.Adam` on the same
# gradients, for four parameters whose gradients differ in size from about 1 to about 1e-4, and
# wants the same weights after every step (tolerance 1e-6). It recognises a missing bias
# correction, the epsilon inside the square root, the paper's form of the step and a step up the
# gradient. Run this file: it stops with "not yet: ..." and a hint until your function is
# right, then prints "ok: ...".

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


def check(fn):
    rng = np.random.default_rng(0)
    lr, steps = 0.01, 5
    w0 = rng.normal(size=4)
    grads = rng.normal(size=(steps, 4)) * np.array([1.0, 0.1, 1e-3, 1e-4]) + np.array([0, 0, 0, 1e-4])
    var = tf.Variable(w0.astype("float32"))
    opt = tf.keras.optimizers.Adam(learning_rate=lr)  # defaults: beta_1 0.9, beta_2 0.999, epsilon 1e-7
    w, m, v = w0.copy(), np.zeros(4), np.zeros(4)
    forms = {f: (w0.copy(), np.zeros(4), np.zeros(4)) for f in HINTS}
    tol = 1e-6
    for t in range(1, steps + 1):
        g = grads[t - 1]
        try:
            out = fn(w.copy(), g.copy(), m.copy(), v.copy(), t, lr=lr)
            if out is None:
                raise SystemExit("not yet: adam_step returned None; fill in the function and return the "
                                 "new (w, m, v)")
            w, m, v = (np.asarray(a, dtype=np.float64) for a in out)
        except SystemExit:
            raise
        except Exception as exc:  # noqa: BLE001 - any error is reported as a hint
            raise SystemExit(f"not yet: adam_step raised {type(exc).__name__}: {exc}") from None
        opt.apply_gradients([(tf.constant(g.astype("float32")), var)])
        forms = {f: reference(*forms[f], g, t, lr, f) for f in forms}
        if w.shape != w0.shape:
            raise SystemExit(f"not yet: adam_step returned w of shape {w.shape} for parameters of shape "
                             f"{w0.shape}")
        keras_w = var.numpy().astype(np.float64)
        if not np.allclose(w, keras_w, rtol=0, atol=tol):
            for form, hint in HINTS.items():
                if np.allclose(w, forms[form][0], rtol=0, atol=tol):
                    raise SystemExit(f"not yet: after step {t}, {hint}")
            raise SystemExit(f"not yet: after step {t} your weights differ from Keras's Adam by up to "
                             f"{np.abs(w - keras_w).max():.2g} (tolerance {tol:.0e}); check m, v and "
                             "alpha_t against the formulas above")
    print(f"ok: {steps} steps of adam_step match tf.keras.optimizers.Adam (largest difference "
          f"{np.abs(w - keras_w).max():.1e}, tolerance {tol:.0e}); the parameter with gradients of about "
          f"1e-4 moved {abs(w[3] - w0[3]):.4f}, the one with gradients of about 1 moved {abs(w[0] - w0[0]):.4f}")


check(adam_step)
