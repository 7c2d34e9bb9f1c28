# # Predicting a class: `np.argmax` over the logits, or over their softmax
#
# The network of the course's practice lab `C2_W2_Assignment`, 64-25-15-10 here on the 8x8 digits
# (400-25-15-10 on the lab's 20x20 images), whose last layer is linear, trained with
# `from_logits=True`. `model.predict` then returns logits, one row of 10
# per image. The lab applies `tf.nn.softmax` to get probabilities and takes `np.argmax`; the
# program checks that the argmax of the logits gives the same classes.

import numpy as np
import tensorflow as tf
from sklearn.datasets import load_digits
from sklearn.model_selection import train_test_split
from tensorflow.keras import Input, Sequential
from tensorflow.keras.layers import Dense
from tensorflow.keras.losses import SparseCategoricalCrossentropy

tf.keras.utils.set_random_seed(0)
digits = load_digits()
X_train, X_test, y_train, y_test = train_test_split(digits.data / 16.0, digits.target,
                                                    test_size=0.25, random_state=0,
                                                    stratify=digits.target)

model = Sequential([
    Input(shape=(64,)),
    Dense(25, activation="relu"),
    Dense(15, activation="relu"),
    Dense(10, activation="linear"),
])
model.compile(optimizer=tf.keras.optimizers.Adam(learning_rate=0.005),
              loss=SparseCategoricalCrossentropy(from_logits=True))
model.fit(X_train, y_train, epochs=15, batch_size=32, verbose=0)

# The idiom of `C2_W2_Assignment`, on every held-out image: logits, their softmax, the argmax of each.

logits = model.predict(X_test, verbose=0)             # shape (450, 10): not probabilities
probabilities = tf.nn.softmax(logits).numpy()         # softmax along each row
from_logits = np.argmax(logits, axis=1)
from_probabilities = np.argmax(probabilities, axis=1)

# Three rows: the images the model is least sure about (lowest top probability).

np.set_printoptions(precision=2, suppress=True, linewidth=110)
for i in np.argsort(probabilities.max(axis=1))[:3]:
    print(f"held-out image {i}: label {y_test[i]}")
    print(f"  logits        {logits[i]}  argmax {from_logits[i]}")
    print(f"  probabilities {probabilities[i]}  argmax {from_probabilities[i]}")

same = np.sum(from_logits == from_probabilities)
print(f"same class from logits and from probabilities: {same} of {len(logits)} images")
np.testing.assert_array_equal(from_logits, from_probabilities)
accuracy = np.mean(from_logits == y_test)
print(f"held-out accuracy: {accuracy:.3f}")
assert accuracy >= 0.9, accuracy

# Without `axis=1`, `np.argmax` flattens the array: one index into all 450 x 10 numbers, not a
# class per image.

flat = np.argmax(logits)
print(f"np.argmax(logits) without axis: {flat}, an index into {logits.size} numbers")
assert flat == np.argmax(logits.reshape(-1))

# Why: within a row, softmax divides every e^{z_j} by the same sum, and e^z is increasing, so a
# larger logit never gets a smaller probability. Checked on every pair of classes in every row
# (in float32 two close logits may round to the same probability; strictly larger logits never
# give a strictly smaller one).

larger = logits[:, :, None] > logits[:, None, :]
smaller_probability = probabilities[:, :, None] < probabilities[:, None, :]
print(f"pairs with a larger logit and a smaller probability: {np.sum(larger & smaller_probability)}")
assert not np.any(larger & smaller_probability)
