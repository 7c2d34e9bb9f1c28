# mistake: the sizes of the first test written in (9 positions, windows of 4 steps) instead of read from the arrays
# rejected with: sizes written into the code
def conv1d(x, kernel, bias):
    """Valid 1-D cross-correlation of x (L, c_in) with kernel (k, c_in, c_out), plus bias (c_out,)."""
    windows = np.stack([x[p:p + 4] for p in range(9)])
    return np.einsum("pic,icf->pf", windows, kernel) + bias
