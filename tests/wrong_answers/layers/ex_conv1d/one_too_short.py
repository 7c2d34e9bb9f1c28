# mistake: range(L - k) for the positions, one too short
# rejected with: one too short
def conv1d(x, kernel, bias):
    """Valid 1-D cross-correlation of x (L, c_in) with kernel (k, c_in, c_out), plus bias (c_out,)."""
    k = kernel.shape[0]
    out = []
    for p in range(len(x) - k):
        out.append(np.sum(x[p:p + k, :, None] * kernel, axis=(0, 1)) + bias)
    return np.array(out)
