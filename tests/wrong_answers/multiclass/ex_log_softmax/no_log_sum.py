# mistake: subtracting the maximum and forgetting the log of the sum of exponentials
# rejected with: not the log of the sum of exponentials
def log_softmax(z):
    """Row-wise log-softmax of a 2-D array of logits."""
    return z - np.max(z, axis=1, keepdims=True)
