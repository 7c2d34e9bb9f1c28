# mistake: the maximum subtracted in place (z -= ...), which changes the caller's array
# rejected with: changed its argument z
def log_softmax(z):
    """Row-wise log-softmax of a 2-D array of logits."""
    z -= np.max(z, axis=1, keepdims=True)
    return z - np.log(np.sum(np.exp(z), axis=1, keepdims=True))
