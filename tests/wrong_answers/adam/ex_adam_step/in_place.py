# mistake: the running means and the parameters updated in place (m *= ..., w -= ...), changing the caller's arrays
# rejected with: changed the arrays it was given
def adam_step(w, g, m, v, t, lr=0.001, beta_1=0.9, beta_2=0.999, epsilon=1e-7):
    """One Adam step at step t (1, 2, ...): returns the new (w, m, v)."""
    m *= beta_1
    m += (1 - beta_1) * g
    v *= beta_2
    v += (1 - beta_2) * g**2
    w -= lr * np.sqrt(1 - beta_2**t) / (1 - beta_1**t) * m / (np.sqrt(v) + epsilon)
    return w, m, v
