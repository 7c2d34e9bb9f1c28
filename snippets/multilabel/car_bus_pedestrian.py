# Multi-label classification: one network, three sigmoid outputs, one per question
# "is there a car?", "a bus?", "a pedestrian?". Several answers can be yes at once, so the targets
# are multi-hot rows such as [1, 0, 1], and the loss is binary cross-entropy on each output.

import numpy as np
import tensorflow as tf
from tensorflow.keras import Input, Sequential
from tensorflow.keras.layers import Dense
from tensorflow.keras.losses import BinaryCrossentropy

tf.keras.utils.set_random_seed(0)
rng = np.random.default_rng(0)
names = ["car", "bus", "pedestrian"]

# A generated data set: 1200 road scenes, each summarised by 8 sensor features. Every object
# present adds its own signature to the features (car and bus overlap: both are vehicles), plus
# noise. Objects appear independently of each other.

m, n = 1200, 8
Y = (rng.random((m, 3)) < [0.5, 0.3, 0.4]).astype("float32")          # multi-hot targets
signatures = np.array([[2.0, 1.0, 0.0, 0.0, 1.0, 0.0, 0.0, 0.0],      # car
                       [1.0, 2.0, 2.0, 0.0, 0.0, 0.0, 1.0, 0.0],      # bus
                       [0.0, 0.0, 0.0, 2.0, 1.0, 2.0, 0.0, 1.0]])     # pedestrian
X = (Y @ signatures + rng.normal(scale=0.5, size=(m, n))).astype("float32")
X_train, X_test, Y_train, Y_test = X[:900], X[900:], Y[:900], Y[900:]
counts = np.bincount(Y.sum(axis=1).astype(int), minlength=4)
print("scenes with 0 / 1 / 2 / 3 objects:", " / ".join(str(c) for c in counts))
print("first targets [car, bus, pedestrian]:", Y[:3].astype(int).tolist())

# The model: hidden ReLU layers, then 3 output units. Each output is its own binary classifier,
# so the output activation is a sigmoid on each unit (written as linear outputs with
# from_logits=True, and tf.nn.sigmoid at prediction time, as on the previous page).

model = Sequential([
    Input(shape=(n,)),
    Dense(16, activation="relu"),
    Dense(3, activation="linear"),
])
model.compile(optimizer=tf.keras.optimizers.Adam(learning_rate=0.01),
              loss=BinaryCrossentropy(from_logits=True))
model.fit(X_train, Y_train, epochs=20, batch_size=32, verbose=0)

P = tf.nn.sigmoid(model(X_test)).numpy()            # P(car), P(bus), P(pedestrian) per scene
predicted = (P >= 0.5).astype("float32")

# Per-label accuracy on the 300 held-out scenes, and the share of scenes with all three right.

print(f"held-out scenes: {len(X_test)}")
assert len(X_test) == 300
for j, name in enumerate(names):
    accuracy = np.mean(predicted[:, j] == Y_test[:, j])
    print(f"held-out accuracy, {name:10s}: {accuracy:.3f}")
    assert accuracy >= 0.95, (name, accuracy)
exact = np.mean(np.all(predicted == Y_test, axis=1))
print(f"held-out scenes with all three labels right: {exact:.3f}")
assert exact >= 0.9, exact

# The contrast with multiclass: the three probabilities are separate answers, not a distribution;
# their sum ranges from near 0 (empty road) to near 3 (everything present). A softmax output sums
# to 1, so at most one class can pass 0.5, and two can reach it only as an exact tie at 0.5
# each: thresholded the same way, a multiclass model answers "nothing" or one object, two only
# on such a tie, never three. Short of ties, it could get right at most the scenes with zero or
# one object, a ceiling the multi-label model beats.

sums = P.sum(axis=1)
ceiling = np.mean(Y_test.sum(axis=1) <= 1)
print(f"sum of the 3 probabilities: min {sums.min():.2f}, max {sums.max():.2f}")
print(f"scenes with at most one object (best a softmax output could do): {ceiling:.3f}")
assert sums.min() < 0.5 and sums.max() > 2.5
assert exact > ceiling + 0.2, (exact, ceiling)
