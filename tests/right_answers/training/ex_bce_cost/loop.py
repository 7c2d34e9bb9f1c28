# right: a loop over the examples with math.log, the sum divided by the count
import math


def bce_cost(y, p):
    """The binary cross-entropy cost: the mean over the examples of -y log p - (1 - y) log(1 - p)."""
    total = 0.0
    for label, prob in zip(y, p):
        total += -label * math.log(prob) - (1 - label) * math.log(1 - prob)
    return total / len(y)
