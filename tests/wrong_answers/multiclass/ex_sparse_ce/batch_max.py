# mistake: one maximum for the whole batch instead of each row's own
# rejected with: one maximum for the whole batch
def sparse_ce(z, y):
    """Mean over the batch of -log softmax(z)[i, y[i]], for logits z (m, N) and integer labels y (m,)."""
    shifted = z - np.max(z)
    log_sum = np.log(np.sum(np.exp(shifted), axis=1))
    return np.mean(log_sum - shifted[np.arange(len(y)), y])
