# right: the labels one-hot encoded, the log-softmax of every class weighted by them
def sparse_ce(z, y):
    """Mean over the batch of -log softmax(z)[i, y[i]], for logits z (m, N) and integer labels y (m,)."""
    one_hot = np.eye(z.shape[1])[y]
    shifted = z - z.max(axis=1, keepdims=True)
    log_a = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    return -np.sum(one_hot * log_a) / len(y)
