# Gradient descent and Adam on the contour plot of an elongated cost
#
# J(w1, w2) = (w1^2 + 100 w2^2) / 2: its contours are ellipses, 10 times longer
# along w1 than along w2, with the minimum at (0, 0). Both optimizers start at
# (-9, 1) and take 60 steps, using Keras's own SGD and Adam.

import matplotlib.pyplot as plt
import numpy as np
import tensorflow as tf

tf.keras.utils.set_random_seed(0)

CURVATURE = tf.constant([1.0, 100.0], dtype="float64")
START, STEPS = [-9.0, 1.0], 60


def cost(w):
    return 0.5 * tf.reduce_sum(CURVATURE * w**2)


def run(optimizer, steps=STEPS):
    """The path w_0, w_1, ..., w_steps of `optimizer` from START."""
    w = tf.Variable(START, dtype="float64")

    @tf.function
    def step():
        with tf.GradientTape() as tape:
            j = cost(w)
        optimizer.apply_gradients([(tape.gradient(j, w), w)])

    path = [w.numpy()]
    for _ in range(steps):
        step()
        path.append(w.numpy())
    return np.array(path)


def costs(path):
    return 0.5 * (path**2 * CURVATURE.numpy()).sum(axis=1)


# Gradient descent: the learning rate is capped by the steep direction. Along w2 a
# step multiplies w2 by (1 - 100 alpha), so alpha above 2/100 = 0.02 diverges.

steepest = CURVATURE.numpy().max()
print(f"GD diverges above alpha = 2 / {steepest:.0f} = {2 / steepest:.2f}")
gd_too_big = run(tf.keras.optimizers.SGD(0.021))
gd = run(tf.keras.optimizers.SGD(0.019))
print(f"J at the start                  : {costs(gd)[0]:.4f}")
print(f"GD alpha = 0.021, J after {STEPS}   : {costs(gd_too_big)[-1]:.4f}  (diverges)")
print(f"GD alpha = 0.019, J after {STEPS}   : {costs(gd)[-1]:.4f}")
assert 0.019 < 2 / steepest < 0.021
assert costs(gd_too_big)[-1] > costs(gd_too_big)[0] and costs(gd)[-1] < costs(gd)[0]

# Steps that grow at every iteration because the path oscillates across the valley do not
# reach the centre: at alpha = 0.021 w2 is multiplied by 1 - 2.1 = -1.1 at every step, so each
# step is about 1.1 times the one before, and the cost explodes.

too_big_steps = np.linalg.norm(np.diff(gd_too_big, axis=0), axis=1)
print(f"GD alpha = 0.021, step length, first / last: {too_big_steps[0]:.4f} / {too_big_steps[-1]:.1f}"
      "  (larger at every step)")
assert np.all(np.diff(too_big_steps) > 0) and too_big_steps[-1] > 100 * too_big_steps[0]

# With a fixed learning rate, what is uniform is the rate: a step is alpha times the
# gradient, and it shrinks as the gradient does. Across the valley (w2), at this alpha
# just below the limit 0.02, the path zig-zags: w2 changes sign at every step.

gd_steps = np.linalg.norm(np.diff(gd, axis=0), axis=1)
sign_changes = int((np.diff(np.sign(gd[:, 1])) != 0).sum())
print(f"GD alpha = 0.019, step length, first / last: {gd_steps[0]:.4f} / {gd_steps[-1]:.4f}"
      "  (shrinking)")
print(f"GD sign changes of w2           : {sign_changes} in {STEPS} steps")
assert gd_steps[-1] < gd_steps[0] / 10
assert sign_changes == STEPS

# The steps shrink far below the limit too, where there is no zig-zag: at alpha = 0.005,
# w2 is multiplied by 1 - 0.5 = 0.5 at every step and keeps its sign.

gd_slow = run(tf.keras.optimizers.SGD(0.005))
slow_steps = np.linalg.norm(np.diff(gd_slow, axis=0), axis=1)
slow_changes = int((np.diff(np.sign(gd_slow[:, 1])) != 0).sum())
print(f"GD alpha = 0.005, step length, first / last: {slow_steps[0]:.4f} / {slow_steps[-1]:.4f}"
      f"  (shrinking; w2 changes sign {slow_changes} times)")
assert slow_steps[-1] < slow_steps[0] / 2 and slow_changes == 0

# Adam: its first step moves each parameter by the learning rate, to 4 decimals, for
# gradients as large as these (9 along w1 and 100 along w2; a gradient near epsilon = 1e-7
# would move less, see adam/adam_intuition.py), so it heads for the centre on the diagonal
# instead of down the steepest slope.

adam = run(tf.keras.optimizers.Adam(0.5))
first = np.abs(adam[1] - adam[0])
g0 = np.abs(CURVATURE.numpy() * START)
print(f"|gradient| at the start         : {g0[0]:.1f}, {g0[1]:.1f}")
print(f"Adam first step |dw1|, |dw2|    : {first[0]:.4f}, {first[1]:.4f}  (learning_rate 0.5)")
print(f"Adam rate 0.5,    J after {STEPS}   : {costs(adam)[-1]:.4f}")
np.testing.assert_allclose(first, 0.5, rtol=1e-4)
assert costs(adam)[-1] < costs(gd)[-1] / 10

# The picture (it replaces the missing `adam.png` of Note B).

w1, w2 = np.meshgrid(np.linspace(-10, 2, 200), np.linspace(-1.5, 1.5, 200))
fig, ax = plt.subplots(
    figsize=(8, 4),
    num="Contours of J = (w1^2 + 100 w2^2)/2 with 60 steps of gradient descent "
        "(alpha 0.019, zig-zagging across the valley) and of Adam (learning rate 0.5)",
)
ax.contour(w1, w2, 0.5 * (w1**2 + 100 * w2**2), levels=np.geomspace(0.05, 200, 12),
           colors="gray", linewidths=0.7)
ax.plot(gd[:, 0], gd[:, 1], ".-", lw=1, ms=3, label="gradient descent, α = 0.019")
ax.plot(adam[:, 0], adam[:, 1], ".-", lw=1, ms=3, label="Adam, learning_rate = 0.5")
ax.plot(0, 0, "k*", ms=10, label="minimum")
ax.set_xlabel("w1")
ax.set_ylabel("w2")
ax.legend(loc="upper right")
plt.show()
