# mistake: only the term of the examples with y = 1 (the (1 - y) log(1 - p) term forgotten)
# rejected with: leaves out the examples with y = 0
def bce_cost(y, p):
    """The binary cross-entropy cost: the mean over the examples of -y log p - (1 - y) log(1 - p)."""
    return np.mean(-y * np.log(p))
