# mistake: the element-wise product W1 * W2 instead of the matrix product
# rejected with: multiplies element by element
def merge(W1, b1, W2, b2):
    """W and b of one linear Dense layer equal to Dense(W1, b1) followed by Dense(W2, b2)."""
    return W1 * W2, b1 @ W2 + b2
