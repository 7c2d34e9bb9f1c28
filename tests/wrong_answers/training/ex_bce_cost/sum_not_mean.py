# mistake: summing the losses instead of averaging them
# rejected with: you summed the losses
def bce_cost(y, p):
    """The binary cross-entropy cost: the mean over the examples of -y log p - (1 - y) log(1 - p)."""
    losses = -y * np.log(p) - (1 - y) * np.log(1 - p)
    return np.sum(losses)
