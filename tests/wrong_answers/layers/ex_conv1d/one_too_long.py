# mistake: an output array of L - k + 2 rows, the last one never filled (one too long)
# rejected with: one too long
def conv1d(x, kernel, bias):
    """Valid 1-D cross-correlation of x (L, c_in) with kernel (k, c_in, c_out), plus bias (c_out,)."""
    k = kernel.shape[0]
    out = np.zeros((len(x) - k + 2, kernel.shape[2]))
    for p in range(len(x) - k + 1):
        out[p] = np.sum(x[p:p + k, :, None] * kernel, axis=(0, 1)) + bias
    return out
