# right: loops over the entries, W[i][j] = sum_k W1[i][k] W2[k][j], returned as lists
def merge(W1, b1, W2, b2):
    """W and b of one linear Dense layer equal to Dense(W1, b1) followed by Dense(W2, b2)."""
    n_in, n_hidden, n_out = len(W1), len(W2), len(W2[0])
    W = [[sum(W1[i][k] * W2[k][j] for k in range(n_hidden)) for j in range(n_out)] for i in range(n_in)]
    b = [sum(b1[k] * W2[k][j] for k in range(n_hidden)) + b2[j] for j in range(n_out)]
    return W, b
