# The intuition "same direction: bigger steps; oscillating: smaller steps", checked
#
# Four parameters, each fed a scripted gradient for 300 steps of Keras's Adam
# (learning_rate 0.001): we watch the size of each parameter's step.
#
# - w1: constant gradient 0.001 (small, always the same direction)
# - w2: constant gradient 100 (large, always the same direction)
# - w3: gradient +1, -1, +1, ... (oscillating)
# - w4: gradient 0.99^t (same direction, shrinking, as near a minimum)

import matplotlib.pyplot as plt
import numpy as np
import tensorflow as tf

tf.keras.utils.set_random_seed(0)

LR, STEPS = 1e-3, 300
t = np.arange(1, STEPS + 1)
grads = np.stack([
    np.full(STEPS, 1e-3),
    np.full(STEPS, 100.0),
    (-1.0) ** (t + 1),
    0.99**t,
], axis=1)

w = tf.Variable(np.zeros(4))
opt = tf.keras.optimizers.Adam(learning_rate=LR)


@tf.function
def step(g):
    opt.apply_gradients([(g, w)])


before = w.numpy()
steps = []  # |change of each parameter| at each step, in units of the learning rate
for g in grads:
    step(tf.constant(g))
    steps.append(np.abs(w.numpy() - before) / LR)
    before = w.numpy()
steps = np.array(steps)

for k in (0, 9, 99, 299):
    print(f"step {k + 1:3d}: |dw| / learning_rate = "
          + "  ".join(f"w{j + 1} {steps[k, j]:.3f}" for j in range(4)))

# Same direction, any gradient size: every step is the learning rate itself, from the
# first step on. The step does not grow; what Adam removes is the dependence on the
# gradient's size. Gradient descent with the same rate would step 1e-6 and 0.1.
# (w1's first steps are 0.3 % short: epsilon = 1e-7 is not negligible next to
# sqrt(v), which is only about 3e-5 for a gradient of 0.001.)

np.testing.assert_allclose(steps[:, :2], 1.0, rtol=5e-3)
print(f"gradient descent, same rate: steps {LR * 1e-3:.0e} (w1) and {LR * 100:.0e} (w2)")

# Oscillating: the running mean m of +1, -1, ... nearly cancels while v stays near 1,
# so the step falls to about (1 - beta_1) / (1 + beta_1) = 0.053 of the learning rate.

print(f"w3 step after 300 steps: {steps[-1, 2]:.4f} x learning_rate "
      f"(predicted {0.1 / 1.9:.4f})")
assert abs(steps[-1, 2] - 0.1 / 1.9) < 0.005

# Same direction but shrinking: v remembers the larger gradients of the last ~1000
# steps, so the steps shrink too, below the learning rate.

print(f"w4 step after 300 steps: {steps[-1, 3]:.4f} x learning_rate")
assert steps[-1, 3] < 0.2

fig, ax = plt.subplots(
    num="Size of Adam's step, in units of the learning rate, over 300 steps for four "
        "gradient patterns: constant small, constant large, oscillating, shrinking",
)
labels = ["w1: constant 0.001", "w2: constant 100", "w3: +1, -1, +1, ...", "w4: 0.99^t"]
for j, style in enumerate(["-", "--", "-", "-"]):
    ax.plot(t, steps[:, j], style, label=labels[j])
ax.set_yscale("log")
ax.set_xlabel("step t")
ax.set_ylabel("|step| / learning_rate")
ax.legend()
plt.show()
