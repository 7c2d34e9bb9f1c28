# mistake: the stable softmax first, then np.log: a probability that underflows to 0 gives log(0) = -inf
# rejected with: underflow to 0 in float64
def log_softmax(z):
    """Row-wise log-softmax of a 2-D array of logits."""
    e = np.exp(z - np.max(z, axis=1, keepdims=True))
    return np.log(e / np.sum(e, axis=1, keepdims=True))
