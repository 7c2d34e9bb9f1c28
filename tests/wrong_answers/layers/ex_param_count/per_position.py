# mistake: a Conv1D kernel counted once per position (60 positions), as if not shared
# rejected with: once per position
# Your answer: (parameters of the Conv1D layer, parameters of the Dense layer)
answer = (60 * 5 * 3 * 8 + 8, 64 * 3 * 8 + 8)  # (7208, 1544)
