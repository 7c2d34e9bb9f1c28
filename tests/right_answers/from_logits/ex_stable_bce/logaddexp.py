# right: another formula, softplus(z) - z y, with np.logaddexp(0, z) = log(1 + e^z) computed stably
def bce_from_logits(y, z):
    """Binary cross-entropy of each example from its logit z and label y (arrays of shape (m,))."""
    return np.logaddexp(0, z) - z * y
