# mistake: the gradient descent step -lr * g
# rejected with: gradient descent's step
# Your answer: the change of each of the three parameters, e.g. answer = [-1.0, 2.0, 3.0]
answer = [-1.0, 0.01, -0.00001]
