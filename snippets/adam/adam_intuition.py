# The intuition "same direction: bigger steps; oscillating: smaller steps", checked
#
# Six parameters, each fed a scripted gradient for 300 steps of Keras's Adam
# (learning_rate 0.001): we watch the size of each parameter's step.
#
# - w1: constant gradient 0.001 (small, always the same direction)
# - w2: constant gradient 100 (large, always the same direction)
# - w3: gradient +1, -1, +1, ... (oscillating)
# - w4: gradient 0.99^t (same direction, shrinking, as near a minimum)
# - w5: gradient 0.001 for 200 steps, then 1.0 (same direction, a sudden jump)
# - w6: gradient 1.11^(t-1) (same direction, growing by 11 % at every step)
#
# Beside them, in the same variable, two sweeps: constant gradients of 92 sizes with both
# signs, and the first step for four small gradients.

import matplotlib.pyplot as plt
import numpy as np
import tensorflow as tf

tf.keras.utils.set_random_seed(0)

LR, STEPS = 1e-3, 300
t = np.arange(1, STEPS + 1)
scripted = np.stack([
    np.full(STEPS, 1e-3),
    np.full(STEPS, 100.0),
    (-1.0) ** (t + 1),
    0.99**t,
    np.where(t <= 200, 1e-3, 1.0),
    1.11 ** (t - 1),
], axis=1)
sizes = np.sort(np.append(np.geomspace(1e-3, 1e6, 91), 0.999))
sizes = np.concatenate([sizes, -sizes])
small = np.array([1e-3, 1e-6, 1e-7, 0.0])
grads = np.hstack([scripted, np.tile(sizes, (STEPS, 1)), np.tile(small, (STEPS, 1))])

w = tf.Variable(np.zeros(grads.shape[1]))
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
six, sweep, first = steps[:, :6], steps[:, 6:6 + len(sizes)], steps[0, 6 + len(sizes):]

for k in (0, 9, 99, 299):
    print(f"step {k + 1:3d}: |dw|/lr " + " ".join(f"w{j + 1} {six[k, j]:.3f}" for j in range(6)))

# The two constant gradients, small and large: each of their 300 steps is within 0.5 % of the
# learning rate, from the first step on. The step does not grow beyond the rate; what Adam
# removes is the dependence on the gradient's size. Gradient descent with the same rate would step 1e-6 and 0.1: for the
# gradient 100 its step is 100 times Adam's. (w1's first steps are 0.3 % short: epsilon =
# 1e-7 is not negligible next to sqrt(v), which is only about 3e-5 for a gradient of 0.001.)

np.testing.assert_allclose(six[:, :2], 1.0, rtol=5e-3)
print(f"gradient descent, same rate: steps {LR * 1e-3:.0e} (w1) and {LR * 100:.0e} (w2), "
      f"{LR * 100 / (LR * six[0, 1]):.0f} times Adam's for w2")

# The sweep: 92 sizes of a constant gradient from 1e-3 to 1e6 (91 evenly spaced on a log
# scale, and 0.999), with both signs, 300 steps each. The worst case is the smallest
# gradient's first step; no step exceeds the rate.

worst = np.unravel_index(np.argmin(sweep), sweep.shape)
print(f"constant gradient, |g| from 1e-03 to 1e+06 ({len(sizes)} values), {STEPS} steps: worst case "
      f"{sweep.min():.4f} x lr (|g| = {abs(sizes[worst[1]]):.0e}, step {worst[0] + 1}), "
      f"largest {sweep.max():.4f}")
assert sweep.min() > 0.996 and sweep.max() <= 1 + 1e-6

# Against gradient descent at the same rate, whose step is |g| x lr: Adam's step is the
# larger one while |g| < 1, and the smaller one from |g| = 1 up.

ratio = sweep / np.abs(sizes)   # Adam's step / gradient descent's, every step of the sweep
below, above = np.abs(sizes) <= 0.999, np.abs(sizes) >= 1
print(f"Adam's step / gradient descent's: worst case {ratio[:, below].min():.4f} for |g| from 1e-03 to "
      f"0.999, worst case {ratio[:, above].max():.7f} for |g| from 1 to 1e+06")
assert ratio[:, below].min() > 1 > ratio[:, above].max()

# Below |g| = 1e-3, epsilon takes over: the first step is a fraction of the learning rate,
# |g| / (|g| + epsilon / sqrt(1 - beta_2)), and nothing at all for a zero gradient.

print("first step / lr for g = 1e-3, 1e-6, 1e-7 (= epsilon), 0: "
      + ", ".join(f"{s:.3f}" for s in first))
np.testing.assert_allclose(first, small / (small + 1e-7 / np.sqrt(1 - 0.999)), rtol=1e-4)

# Oscillating: the running mean m of +1, -1, ... nearly cancels while v-hat is 1 (every
# g^2 is 1), so the step falls to about (1 - beta_1) / (1 + beta_1) = 0.053 of the learning rate.

print(f"w3 step after 300 steps: {six[-1, 2]:.4f} x learning_rate (predicted {0.1 / 1.9:.4f})")
assert abs(six[-1, 2] - 0.1 / 1.9) < 0.005

# Same direction but shrinking: v remembers the larger gradients of the last ~1000
# steps, so the steps shrink too, below the learning rate.

print(f"w4 step after 300 steps: {six[-1, 3]:.4f} x learning_rate")
assert six[-1, 3] < 0.2

# Same direction but growing: m follows the new, larger gradients within ~10 steps, v
# within ~1000, so for a while m / sqrt(v) is larger than 1 and the step exceeds the
# learning rate. The paper's bound for the worst case it names (a gradient zero at every
# step but the current one) is (1 - beta_1) / sqrt(1 - beta_2) times the rate; the
# gradient that keeps growing (w6) goes beyond it.

bound = 0.1 / np.sqrt(1 - 0.999)
print(f"w5 (jump to 1.0 after 200 steps): largest step {six[:, 4].max():.3f} x learning_rate "
      f"(step {six[:, 4].argmax() + 1})")
print(f"w6 (growing by 11 % a step): largest step {six[:, 5].max():.2f} x learning_rate "
      f"(step {six[:, 5].argmax() + 1})")
print(f"the paper's bound (1 - beta_1) / sqrt(1 - beta_2) = {bound:.2f}")
assert 2.5 < six[:, 4].max() < bound < 3.5 < six[:, 5].max()

fig, ax = plt.subplots(
    num="Size of Adam's step, in units of the learning rate, over 300 steps for six "
        "gradient patterns: constant small, constant large, oscillating, shrinking, "
        "a jump from 0.001 to 1, growing by 11 % a step",
)
labels = ["w1: constant 0.001", "w2: constant 100", "w3: +1, -1, +1, ...", "w4: 0.99^t",
          "w5: 0.001, then 1 from step 201", "w6: 1.11^(t-1)"]
for j, style in enumerate(["-", "--", "-", "-", "-", "-"]):
    ax.plot(t, six[:, j], style, label=labels[j])
ax.axhline(bound, color="gray", lw=0.8, ls=":", label="the paper's bound, 3.16")
ax.set_yscale("log")
ax.set_xlabel("step t")
ax.set_ylabel("|step| / learning_rate")
ax.legend(fontsize="small")
plt.show()
