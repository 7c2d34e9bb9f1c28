# mistake: stepping with the learning rate itself, without the bias correction
# rejected with: no bias correction
def adam_step(w, g, m, v, t, lr=0.001, beta_1=0.9, beta_2=0.999, epsilon=1e-7):
    """One Adam step at step t (1, 2, ...): returns the new (w, m, v)."""
    m = beta_1 * m + (1 - beta_1) * g
    v = beta_2 * v + (1 - beta_2) * g**2
    w = w - lr * m / (np.sqrt(v) + epsilon)
    return w, m, v
