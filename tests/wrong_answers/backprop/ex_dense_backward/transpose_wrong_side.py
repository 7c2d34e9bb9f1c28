# mistake: the transpose on the wrong side, dW = dZ^T A_prev
# rejected with: the transpose is on the wrong side
def dense_backward(A_prev, W, dZ):
    """Gradients of a dense layer Z = A_prev @ W + b, given dZ = dJ/dZ: returns (dW, db, dA_prev)."""
    dW = dZ.T @ A_prev
    db = dZ.sum(axis=0)
    dA_prev = dZ @ W.T
    return dW, db, dA_prev
