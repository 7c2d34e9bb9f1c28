# mistake: subtracting one maximum for the whole batch instead of each row's own
# rejected with: subtract each row's own maximum
def log_softmax(z):
    """Row-wise log-softmax of a 2-D array of logits."""
    shifted = z - np.max(z)
    return shifted - np.log(np.sum(np.exp(shifted), axis=1, keepdims=True))
