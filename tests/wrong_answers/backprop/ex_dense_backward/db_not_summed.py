# mistake: db = dZ, one row per example, not summed over the batch
# rejected with: db not summed over the batch
def dense_backward(A_prev, W, dZ):
    """Gradients of a dense layer Z = A_prev @ W + b, given dZ = dJ/dZ: returns (dW, db, dA_prev)."""
    dW = A_prev.T @ dZ
    db = dZ
    dA_prev = dZ @ W.T
    return dW, db, dA_prev
