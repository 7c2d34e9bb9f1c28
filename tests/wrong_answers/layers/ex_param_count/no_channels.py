# mistake: the Conv1D kernel counted without its channels (kernel_size x filters)
# rejected with: ignores the 3 channels
# Your answer: (parameters of the Conv1D layer, parameters of the Dense layer)
answer = (5 * 8 + 8, 64 * 3 * 8 + 8)  # (48, 1544)
