# mistake: the two counts right but in the wrong order, (dense, conv)
# rejected with: swapped
# Your answer: (parameters of the Conv1D layer, parameters of the Dense layer)
answer = (64 * 3 * 8 + 8, 5 * 3 * 8 + 8)
