# mistake: a sign error, + z * y instead of - z * y
# rejected with: the sign of z * y is wrong
def bce_from_logits(y, z):
    """Binary cross-entropy of each example from its logit z and label y (arrays of shape (m,))."""
    return np.maximum(z, 0) + z * y + np.log(1 + np.exp(-np.abs(z)))
