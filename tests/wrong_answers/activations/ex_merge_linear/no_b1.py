# mistake: the first layer's bias forgotten: b = b2
# rejected with: the first layer's bias b1 goes through the second layer
def merge(W1, b1, W2, b2):
    """W and b of one linear Dense layer equal to Dense(W1, b1) followed by Dense(W2, b2)."""
    return W1 @ W2, b2
