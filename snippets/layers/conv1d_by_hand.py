# A Conv1D layer, recomputed by hand with NumPy
#
# An EKG-like signal of 100 samples and a Conv1D layer with 4 filters, each 20
# samples wide, moved 10 samples at a time: 9 positions x 4 filters = 36 outputs.
# Output (position p, filter f) = g(sum_k x[10p + k] * W[k, f] + b[f]), k = 0 ... 19.

import matplotlib.pyplot as plt
import numpy as np
import tensorflow as tf
from tensorflow.keras import Input, Sequential
from tensorflow.keras.layers import Conv1D

tf.keras.utils.set_random_seed(0)
rng = np.random.default_rng(0)

# The signal: a heartbeat-like spike every 25 samples on a slow wave, plus noise.

n = np.arange(100)
beats = sum(np.exp(-0.5 * ((n - c) / 1.5) ** 2) for c in (12, 37, 62, 87))
signal = (beats + 0.2 * np.sin(2 * np.pi * n / 50) + 0.05 * rng.normal(size=100))
x = signal.astype("float32").reshape(1, 100, 1)  # (examples, time steps, channels)

layer = Conv1D(filters=4, kernel_size=20, strides=10, activation="sigmoid")
model = Sequential([Input(shape=(100, 1)), layer])
out_keras = model.predict(x, verbose=0)[0]  # shape (9, 4)
W, b = layer.get_weights()                   # shapes (20, 1, 4) and (4,)
print(f"output shape {out_keras.shape}, kernel shape {W.shape}, bias shape {b.shape}")
assert out_keras.shape == (9, 4) and W.shape == (20, 1, 4)

# The same with NumPy, window by window, with the layer's own weights. (Keras slides
# the kernel without flipping it: a cross-correlation, which the NumPy version below
# matches.)

def sigmoid(z):
    return 1 / (1 + np.exp(-z))


windows = np.stack([signal[10 * p:10 * p + 20] for p in range(9)])  # (9, 20)
out_numpy = sigmoid(windows @ W[:, 0, :] + b)                        # (9, 4)
tol = 1e-6
np.testing.assert_allclose(out_numpy, out_keras, rtol=tol, atol=tol)
print(f"NumPy sliding window == Keras Conv1D: max difference "
      f"{np.abs(out_numpy - out_keras).max():.1e} (tolerance {tol:.0e})")

# Weight sharing has a consequence a Dense layer lacks: shift the signal by one
# stride (10 samples) and the outputs shift by one position, unchanged.

shifted = np.roll(signal, 10).astype("float32").reshape(1, 100, 1)
out_shifted = model.predict(shifted, verbose=0)[0]
np.testing.assert_allclose(out_shifted[1:], out_keras[:-1], rtol=tol, atol=tol)
print("signal shifted by 10 samples -> outputs shifted by 1 position: True")

fig, (top, bottom) = plt.subplots(
    2, 1, figsize=(8, 4.5), sharex=True,
    num="An EKG-like signal of 100 samples with the 9 windows of 20 samples a Conv1D "
        "with stride 10 looks at, and the 4 filters' outputs at each window",
)
top.plot(n + 1, signal, color="black", lw=1)
for p in range(9):
    top.axvspan(10 * p + 1, 10 * p + 20, ymin=0.02 + 0.1 * (p % 2), ymax=0.08 + 0.1 * (p % 2),
                color="tab:blue", alpha=0.6)
top.set_ylabel("signal x_j")
top.set_title("bars: the 20-sample window of each of the 9 positions", fontsize=10)
centres = 10 * np.arange(9) + 10.5
for f in range(4):
    bottom.plot(centres, out_keras[:, f], "o-", ms=4, label=f"filter {f + 1}")
bottom.set_xlabel("sample j (output drawn at the centre of its window)")
bottom.set_ylabel("Conv1D output")
bottom.legend(ncol=4, fontsize=8)
fig.tight_layout()
plt.show()
