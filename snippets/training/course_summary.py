# # The course's networks beside the site's: parameter counts
#
# The course's practice labs `C2_W1_Assignment` (0 and 1) and `C2_W2_Assignment` (0 to 9) train on
# 20x20-pixel images of handwritten digits (400 inputs); this site
# uses the 8x8 digits that ship with scikit-learn (64 inputs). The hidden layers are the same,
# 25 and 15 units; only the first layer's weight matrix changes size. `Input(shape=...)` builds
# each model at once, so the counts need no data.

import tensorflow as tf
from tensorflow.keras import Input, Sequential
from tensorflow.keras.layers import Dense

tf.keras.utils.set_random_seed(0)


def network(n_inputs, n_outputs, name):
    return Sequential([
        Input(shape=(n_inputs,)),
        Dense(25, activation="sigmoid", name="layer1"),
        Dense(15, activation="sigmoid", name="layer2"),
        Dense(n_outputs, activation="sigmoid" if n_outputs == 1 else "linear", name="layer3"),
    ], name=name)


# The networks of `C2_W1_Assignment` (0/1) and `C2_W2_Assignment` (0-9) on 20x20 images, then the
# site's on 8x8 images. (The counts do not depend on the activations: `C2_W2_Assignment`'s hidden
# layers use ReLU.)

models = [
    network(20 * 20, 1, "course 400-25-15-1"),
    network(20 * 20, 10, "course 400-25-15-10"),
    network(8 * 8, 1, "site 64-25-15-1"),
    network(8 * 8, 10, "site 64-25-15-10"),
]

# The summary of the 0/1 network, with the layer names `C2_W1_Assignment` gives it (the lab names
# the model "my_model"; here it is named by its shape):

models[0].summary()

# A layer of n_out units on n_in inputs has an (n_in, n_out) weight matrix and n_out biases:
# n_in * n_out + n_out parameters. Each count Keras reports is checked against that formula.

print(f"{'network':20s} {'layer1':>7s} {'layer2':>7s} {'layer3':>7s} {'total':>7s}")
totals = {}
for model in models:
    counts = []
    n_in = model.input_shape[1]
    for layer in model.layers:
        n_out = layer.units
        assert layer.count_params() == n_in * n_out + n_out, (model.name, layer.name)
        counts.append(layer.count_params())
        n_in = n_out
    assert model.count_params() == sum(counts)
    totals[model.name] = model.count_params()
    print(f"{model.name:20s} {counts[0]:7d} {counts[1]:7d} {counts[2]:7d} {sum(counts):7d}")

# The first layer of `C2_W1_Assignment` and `C2_W2_Assignment` has 10,025 parameters; the
# site's 1,625.

assert models[0].layers[0].count_params() == 400 * 25 + 25 == 10025
assert models[2].layers[0].count_params() == 64 * 25 + 25 == 1625
assert totals == {"course 400-25-15-1": 10431, "course 400-25-15-10": 10575,
                  "site 64-25-15-1": 2031, "site 64-25-15-10": 2175}
share = models[0].layers[0].count_params() / totals["course 400-25-15-1"]
print(f"share of the course's 0/1 network in its first layer: {share:.3f}")
assert share > 0.95
