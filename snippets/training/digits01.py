# # Recognising handwritten 0s and 1s: Note A's network, corrected
#
# The three steps of Note A (define the model, compile it with a loss, fit it) on the 360 images
# of 0s and 1s that ship with scikit-learn (8x8 pixels, values 0-16). The course's practice lab
# `C2_W1_Assignment` uses 20x20 images from MNIST, which would need a download. A third of the
# images (120) is held out: the network never trains on them, so the accuracy on them measures
# what it learned.

import math

import matplotlib.pyplot as plt
import numpy as np
import tensorflow as tf
from sklearn.datasets import load_digits
from tensorflow.keras import Input, Sequential
from tensorflow.keras.layers import Dense
from tensorflow.keras.losses import BinaryCrossentropy

tf.keras.utils.set_random_seed(0)

X, y = load_digits(n_class=2, return_X_y=True)
X = (X / 16.0).astype(np.float32)  # pixels in [0, 1]
y = y.astype(np.float32)  # labels 0 and 1
order = np.random.default_rng(0).permutation(len(X))
n_test = len(X) // 3
X_test, y_test = X[order[:n_test]], y[order[:n_test]]
X_train, y_train = X[order[n_test:]], y[order[n_test:]]
print(f"training images: {len(X_train)}, held-out images: {len(X_test)}")

# Step 1: the model. 25 and 15 sigmoid units, then one sigmoid unit: the probability that the
# image is a 1. `Input(shape=(64,))` tells Keras the size of an example, so the weights exist
# (and can be counted) before training.

model = Sequential([
    Input(shape=(64,)),
    Dense(25, activation="sigmoid"),
    Dense(15, activation="sigmoid"),
    Dense(1, activation="sigmoid"),
])
print(f"parameters: {model.count_params()}")
assert model.count_params() == (64 * 25 + 25) + (25 * 15 + 15) + (15 * 1 + 1) == 2031

# Step 2: the loss. No optimizer is named, so Keras uses its default, RMSprop.

model.compile(loss=BinaryCrossentropy())
print(f"optimizer: {type(model.optimizer).__name__}")
assert type(model.optimizer).__name__ == "RMSprop"

# Step 3: minimise the cost. 30 epochs = 30 passes over the training images, in mini-batches
# of 32 images: one step of the optimizer per mini-batch.

history = model.fit(X_train, y_train, epochs=30, verbose=0)
steps = int(model.optimizer.iterations)
print(f"optimizer steps: {steps} = 30 epochs x ceil({len(X_train)} / 32)")
assert steps == 30 * math.ceil(len(X_train) / 32)

# Prediction: the output is a probability; an image is called a 1 when it is at least 0.5.

p_test = model.predict(X_test, verbose=0)[:, 0]
y_hat = (p_test >= 0.5).astype(np.float32)
accuracy = float(np.mean(y_hat == y_test))
print(f"held-out accuracy: {accuracy:.4f} ({int(np.sum(y_hat == y_test))} of {len(y_test)})")
assert accuracy >= 0.99, accuracy

# `fit` returns a History: `history.history["loss"]` holds, for each epoch, the mean of the
# losses of its mini-batches (weighted by their sizes), each computed with the weights of its own
# step, not the cost at the epoch's end. It starts near ln 2 = 0.69, the cost of
# a network that answers 0.5 for every image, and ends at less than half of that.

loss = history.history["loss"]
print(f"history['loss'], mean mini-batch loss per epoch: first {loss[0]:.4f}, last {loss[-1]:.4f}")
assert abs(loss[0] - np.log(2)) < 0.15 and loss[-1] < 0.5 * np.log(2), loss
fig, ax = plt.subplots(num="Mean mini-batch loss per epoch of the 64-25-15-1 digits network, "
                           "from the History that fit returns", figsize=(6, 3.5))
ax.plot(range(1, len(loss) + 1), loss, "o-", markersize=3)
ax.axhline(np.log(2), color="gray", linewidth=0.8, label="ln 2 (answering 0.5 for every image)")
ax.set_xlabel("epoch")
ax.set_ylabel("binary cross-entropy (training)")
ax.set_ylim(bottom=0)
ax.legend()
plt.show()
