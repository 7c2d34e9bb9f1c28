# mistake: dA_prev = W dZ^T, the transpose of the right answer
# rejected with: dA_prev has shape (4, 6), the transpose
def dense_backward(A_prev, W, dZ):
    """Gradients of a dense layer Z = A_prev @ W + b, given dZ = dJ/dZ: returns (dW, db, dA_prev)."""
    dW = A_prev.T @ dZ
    db = dZ.sum(axis=0)
    dA_prev = W @ dZ.T
    return dW, db, dA_prev
