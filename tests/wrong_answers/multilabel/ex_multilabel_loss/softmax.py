# mistake: a softmax across the labels instead of a sigmoid on each logit
# rejected with: softmax across the labels
def multilabel_loss(y, z):
    """Mean binary cross-entropy over labels and examples, from logits z and 0/1 targets y."""
    a = np.exp(z) / np.sum(np.exp(z), axis=1, keepdims=True)
    return np.mean(-y * np.log(a) - (1 - y) * np.log(1 - a))
