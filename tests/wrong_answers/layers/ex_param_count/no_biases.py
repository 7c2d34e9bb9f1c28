# mistake: the biases forgotten (weights only)
# rejected with: you forgot the biases
# Your answer: (parameters of the Conv1D layer, parameters of the Dense layer)
answer = (5 * 3 * 8, 64 * 3 * 8)  # (120, 1536)
