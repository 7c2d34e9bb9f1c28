# mistake: dividing by a fixed number of examples (the size of the first data set) instead of len(y)
# rejected with: divide by the number of examples m = len(y)
def bce_cost(y, p):
    """The binary cross-entropy cost: the mean over the examples of -y log p - (1 - y) log(1 - p)."""
    m = 40
    return np.sum(-y * np.log(p) - (1 - y) * np.log(1 - p)) / m
