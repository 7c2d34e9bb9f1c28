# right: a loop over the examples, adding up each example's outer product and row
def dense_backward(A_prev, W, dZ):
    """Gradients of a dense layer Z = A_prev @ W + b, given dZ = dJ/dZ: returns (dW, db, dA_prev)."""
    dW = np.zeros_like(W)
    db = np.zeros(W.shape[1])
    rows = []
    for a, dz in zip(A_prev, dZ):
        dW += np.outer(a, dz)
        db += dz
        rows.append(W @ dz)
    return dW, db, np.array(rows)
