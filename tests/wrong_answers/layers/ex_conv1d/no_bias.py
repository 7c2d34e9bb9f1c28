# mistake: the bias forgotten
# rejected with: you forgot the bias
def conv1d(x, kernel, bias):
    """Valid 1-D cross-correlation of x (L, c_in) with kernel (k, c_in, c_out), plus bias (c_out,)."""
    k = kernel.shape[0]
    return np.stack([np.einsum("ic,icf->f", x[p:p + k], kernel) for p in range(len(x) - k + 1)])
