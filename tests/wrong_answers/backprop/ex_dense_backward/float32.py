# mistake: the right formulas computed in float32, which keeps about 7 significant digits
# rejected with: float32
def dense_backward(A_prev, W, dZ):
    """Gradients of a dense layer Z = A_prev @ W + b, given dZ = dJ/dZ: returns (dW, db, dA_prev)."""
    A_prev, W, dZ = A_prev.astype(np.float32), W.astype(np.float32), dZ.astype(np.float32)
    return A_prev.T @ dZ, dZ.sum(axis=0), dZ @ W.T
