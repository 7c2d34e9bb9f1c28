# mistake: the kernel flipped, a convolution as in signal processing (np.convolve's order)
# rejected with: you flipped the kernel
def conv1d(x, kernel, bias):
    """Valid 1-D cross-correlation of x (L, c_in) with kernel (k, c_in, c_out), plus bias (c_out,)."""
    k = kernel.shape[0]
    out = []
    for p in range(len(x) - k + 1):
        out.append(np.sum(x[p:p + k, :, None] * kernel[::-1], axis=(0, 1)) + bias)
    return np.array(out)
