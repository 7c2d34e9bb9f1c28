# mistake: the loss without its minus sign
# rejected with: the loss has a minus sign
def bce_cost(y, p):
    """The binary cross-entropy cost: the mean over the examples of -y log p - (1 - y) log(1 - p)."""
    losses = y * np.log(p) + (1 - y) * np.log(1 - p)
    return np.mean(losses)
