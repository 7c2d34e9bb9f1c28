# # Adam vs gradient descent
#
# The same network, the same data, the same initial weights and the same number of
# steps, trained twice: once with plain gradient descent and once with Adam. Every
# step uses the whole training set (full batch), so a step is exactly one update
# $w \leftarrow w - \text{step}$ computed from the gradient of the cost $J$.
#
# The network is the one of the notes' Adam example: 25 and 15 sigmoid units and
# 10 linear outputs (logits), with `SparseCategoricalCrossentropy(from_logits=True)`,
# on scikit-learn's 1797 handwritten digits of 8x8 pixels.

import matplotlib.pyplot as plt
import numpy as np
import tensorflow as tf
from sklearn.datasets import load_digits
from tensorflow.keras import Input, Sequential
from tensorflow.keras.layers import Dense

tf.keras.utils.set_random_seed(0)

X, y = load_digits(return_X_y=True)
X = (X / 16.0).astype("float32")  # pixel values 0..16 scaled to 0..1
loss_fn = tf.keras.losses.SparseCategoricalCrossentropy(from_logits=True)
print(f"training examples: {len(X)}, features: {X.shape[1]}")


def build_model():
    return Sequential([
        Input(shape=(64,)),
        Dense(25, activation="sigmoid"),
        Dense(15, activation="sigmoid"),
        Dense(10, activation="linear"),
    ])


initial_weights = build_model().get_weights()  # every run starts from these

# `make_trainer` returns a function `train(learning_rate)` that runs `STEPS` full-batch
# steps of the optimizer from the initial weights and returns the cost $J$ before
# each step and after the last: `STEPS + 1` values. It is `model.fit(X, y,
# batch_size=len(X), epochs=STEPS)` written out, because this is faster for many tiny
# steps: the whole loop runs inside one `tf.function`, traced once per optimizer.
# Before each run the weights go back to `initial_weights`, and the optimizer's state
# (its step count, and for Adam m and v) back to zero.

STEPS = 300


def make_trainer(optimizer):
    model = build_model()

    @tf.function
    def run_steps():
        costs = tf.TensorArray(tf.float32, size=STEPS)
        for i in tf.range(STEPS):
            with tf.GradientTape() as tape:
                cost = loss_fn(y, model(X))
            grads = tape.gradient(cost, model.trainable_variables)
            optimizer.apply_gradients(zip(grads, model.trainable_variables))
            costs = costs.write(i, cost)
        return costs.stack()

    def train(learning_rate):
        model.set_weights(initial_weights)
        for variable in optimizer.variables:
            variable.assign(tf.zeros_like(variable))
        optimizer.learning_rate = learning_rate
        costs = run_steps().numpy()
        return np.append(costs, float(loss_fn(y, model(X))))

    return train


train_gd = make_trainer(tf.keras.optimizers.SGD())
train_adam = make_trainer(tf.keras.optimizers.Adam())


# ## 1. Each optimizer at its Keras default learning rate
#
# `SGD()` without momentum is plain gradient descent, $w \leftarrow w - \alpha\,\partial J/\partial w$,
# with the default $\alpha = 0.01$. `Adam()` has the default `learning_rate=0.001`.

sgd_default = tf.keras.optimizers.SGD().get_config()["learning_rate"]
adam_default = tf.keras.optimizers.Adam().get_config()["learning_rate"]
assert np.isclose(sgd_default, 0.01) and np.isclose(adam_default, 0.001)
gd = train_gd(sgd_default)
adam = train_adam(adam_default)
print(f"cost before training            : {gd[0]:.4f}")
print(f"after {STEPS} steps, GD   (0.01)  : {gd[-1]:.4f}")
print(f"after {STEPS} steps, Adam (0.001) : {adam[-1]:.4f}")
assert gd[0] == adam[0]          # same start
assert adam[-1] < 0.8 * gd[-1]   # Adam ends clearly lower

# At their defaults Adam wins, but that is partly the choice of defaults: gradient
# descent's $\alpha = 0.01$ is far too small for this network. A fairer test gives
# each optimizer a few learning rates and keeps its best run.
#
# ## 2. Each optimizer at its best learning rate (of a few tried)

gd_runs = {lr: train_gd(lr) for lr in (1.0, 3.0, 10.0, 30.0)}
adam_runs = {lr: train_adam(lr) for lr in (0.01, 0.1)}
gd_runs[0.01], adam_runs[0.001] = gd, adam
for name, runs in (("GD  ", gd_runs), ("Adam", adam_runs)):
    for lr, costs in sorted(runs.items()):
        print(f"{name} learning rate {lr:6g}: cost after {STEPS} steps {costs[-1]:.4f}")

best_gd = min(gd_runs, key=lambda lr: gd_runs[lr][-1])
best_adam = min(adam_runs, key=lambda lr: adam_runs[lr][-1])
print(f"best GD   (learning rate {best_gd:g}): {gd_runs[best_gd][-1]:.4f}")
print(f"best Adam (learning rate {best_adam:g}): {adam_runs[best_adam][-1]:.4f}")
assert min(gd_runs) < best_gd < max(gd_runs)  # GD's best lies inside the range tried
assert gd_runs[best_gd][-1] < 0.5 * gd[-1]     # 0.01 was far too small for GD
assert gd_runs[30.0][-1] > gd[0]  # too large a rate: gradient descent diverges
assert adam_runs[best_adam][-1] < 0.2 * gd_runs[best_gd][-1]

# Larger learning rates do not save gradient descent: at 30 its cost ends above where
# it started. Adam at its best ends far lower than gradient descent at its best.
#
# The cost curves:

fig, (left, right) = plt.subplots(
    1, 2, figsize=(10, 4), sharey=True,
    num="Training cost J against step for gradient descent and Adam on the digits: "
        "left at the Keras default learning rates, right at the best learning rate of each",
)
left.plot(gd, label="gradient descent, α = 0.01")
left.plot(adam, label="Adam, learning_rate = 0.001")
left.set_title("Keras default learning rates")
right.plot(gd_runs[best_gd], label=f"gradient descent, α = {best_gd:g}")
right.plot(adam_runs[best_adam], label=f"Adam, learning_rate = {best_adam:g}")
right.set_title("best learning rate of each (of those tried)")
for ax in (left, right):
    ax.set_yscale("log")
    ax.set_xlabel("step (full batch)")
    ax.legend()
left.set_ylabel("training cost J")
fig.tight_layout()
plt.show()

# What this shows, and what it does not: on this network and data, Adam brings the
# training cost down in fewer steps than gradient descent, at the defaults and at
# the best learning rate of each. It is one experiment; the training cost is what
# the optimizer minimises, not a measure of accuracy on new data.
