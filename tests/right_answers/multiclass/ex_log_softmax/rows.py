# right: row by row with the math module, returned as a list of lists
import math


def log_softmax(z):
    """Row-wise log-softmax of a 2-D array of logits."""
    out = []
    for row in z:
        top = max(row)
        log_sum = math.log(sum(math.exp(v - top) for v in row))
        out.append([v - top - log_sum for v in row])
    return out
