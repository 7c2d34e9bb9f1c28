# mistake: the paper's form with bias-corrected m_hat and v_hat, epsilon added to sqrt(v_hat)
# rejected with: the paper's form
def adam_step(w, g, m, v, t, lr=0.001, beta_1=0.9, beta_2=0.999, epsilon=1e-7):
    """One Adam step at step t (1, 2, ...): returns the new (w, m, v)."""
    m = beta_1 * m + (1 - beta_1) * g
    v = beta_2 * v + (1 - beta_2) * g**2
    m_hat = m / (1 - beta_1**t)
    v_hat = v / (1 - beta_2**t)
    w = w - lr * m_hat / (np.sqrt(v_hat) + epsilon)
    return w, m, v
