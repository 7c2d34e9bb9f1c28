# right: the bias-corrected m_hat and v_hat, with epsilon scaled so that the step equals Keras's
def adam_step(w, g, m, v, t, lr=0.001, beta_1=0.9, beta_2=0.999, epsilon=1e-7):
    """One Adam step at step t (1, 2, ...): returns the new (w, m, v)."""
    m = beta_1 * m + (1 - beta_1) * g
    v = beta_2 * v + (1 - beta_2) * g * g
    m_hat = m / (1 - beta_1**t)
    v_hat = v / (1 - beta_2**t)
    # alpha_t m / (sqrt(v) + eps) = lr m_hat / (sqrt(v_hat) + eps / sqrt(1 - beta_2^t))
    return w - lr * m_hat / (np.sqrt(v_hat) + epsilon / np.sqrt(1 - beta_2**t)), m, v
