# mistake: the cost as an array of one element (keepdims=True), not a number
# rejected with: shape (1,)
def bce_cost(y, p):
    """The binary cross-entropy cost: the mean over the examples of -y log p - (1 - y) log(1 - p)."""
    return np.mean(-y * np.log(p) - (1 - y) * np.log(1 - p), keepdims=True)
