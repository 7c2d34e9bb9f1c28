# right: three loops, position by position and filter by filter, the sizes read from the arrays
def conv1d(x, kernel, bias):
    """Valid 1-D cross-correlation of x (L, c_in) with kernel (k, c_in, c_out), plus bias (c_out,)."""
    k, c_in, c_out = kernel.shape
    out = np.zeros((x.shape[0] - k + 1, c_out))
    for p in range(out.shape[0]):
        for f in range(c_out):
            out[p, f] = np.sum(x[p:p + k] * kernel[:, :, f]) + bias[f]
    return out
