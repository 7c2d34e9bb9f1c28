# right: the learning rate against each gradient's sign, as a NumPy array
# Your answer: the change of each of the three parameters, e.g. answer = [-1.0, 2.0, 3.0]
answer = -0.01 * np.sign(np.array([100.0, -1.0, 0.001]))
