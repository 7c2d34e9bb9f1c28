# mistake: the stable softmax first, then the log of the label's probability, which underflows to log(0)
# rejected with: underflows to 0
def sparse_ce(z, y):
    """Mean over the batch of -log softmax(z)[i, y[i]], for logits z (m, N) and integer labels y (m,)."""
    e = np.exp(z - np.max(z, axis=1, keepdims=True))
    a = e / np.sum(e, axis=1, keepdims=True)
    return np.mean(-np.log(a[np.arange(len(y)), y]))
