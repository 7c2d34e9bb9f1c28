# mistake: the product of the weight matrices in the wrong order, W2 @ W1 (as for column vectors, W x)
# rejected with: the product in the wrong order
def merge(W1, b1, W2, b2):
    """W and b of one linear Dense layer equal to Dense(W1, b1) followed by Dense(W2, b2)."""
    return W2 @ W1, b1 @ W2 + b2
