# mistake: moving each parameter along its gradient
# rejected with: wrong sign
# Your answer: the change of each of the three parameters, e.g. answer = [-1.0, 2.0, 3.0]
answer = [0.01, -0.01, 0.01]
