# mistake: computing the probability a = g(z) first and then the usual formula (the naive way)
# rejected with: log(1 - g(z)) is log(0)
def bce_from_logits(y, z):
    """Binary cross-entropy of each example from its logit z and label y (arrays of shape (m,))."""
    a = 1 / (1 + np.exp(-z))
    return -y * np.log(a) - (1 - y) * np.log(1 - a)
