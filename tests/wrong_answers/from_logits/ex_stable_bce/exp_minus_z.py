# mistake: the unsimplified form (1 - y) z + log(1 + exp(-z)), which exponentiates -z > 0 for negative z
# rejected with: exp(-z) = exp(1000) overflows
def bce_from_logits(y, z):
    """Binary cross-entropy of each example from its logit z and label y (arrays of shape (m,))."""
    return (1 - y) * z + np.log(1 + np.exp(-z))
