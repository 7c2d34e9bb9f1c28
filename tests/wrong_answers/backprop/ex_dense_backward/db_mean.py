# mistake: db as the mean of dZ over the batch instead of its sum
# rejected with: db as a mean
def dense_backward(A_prev, W, dZ):
    """Gradients of a dense layer Z = A_prev @ W + b, given dZ = dJ/dZ: returns (dW, db, dA_prev)."""
    dW = A_prev.T @ dZ
    db = dZ.mean(axis=0)
    dA_prev = dZ @ W.T
    return dW, db, dA_prev
