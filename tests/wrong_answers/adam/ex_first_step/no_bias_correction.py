# mistake: the step with m and v as they are after one step, no bias correction (lr * 0.1 / sqrt(0.001))
# rejected with: left out the bias correction
# Your answer: the change of each of the three parameters, e.g. answer = [-1.0, 2.0, 3.0]
answer = [-0.0316, 0.0316, -0.0316]
