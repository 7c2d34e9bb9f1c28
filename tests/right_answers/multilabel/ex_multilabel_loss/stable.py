# right: another formula, the stable max(z, 0) - z y + log(1 + e^-|z|) on each label, then the mean
def multilabel_loss(y, z):
    """Mean binary cross-entropy over labels and examples, from logits z and 0/1 targets y."""
    losses = np.maximum(z, 0) - z * y + np.log1p(np.exp(-np.abs(z)))
    return losses.mean()
