# mistake: db summed with keepdims=True, a row of shape (1, n_out) where b has shape (n_out,)
# rejected with: db has shape (1, 3)
def dense_backward(A_prev, W, dZ):
    """Gradients of a dense layer Z = A_prev @ W + b, given dZ = dJ/dZ: returns (dW, db, dA_prev)."""
    dW = A_prev.T @ dZ
    db = np.sum(dZ, axis=0, keepdims=True)
    dA_prev = dZ @ W.T
    return dW, db, dA_prev
