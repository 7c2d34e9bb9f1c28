# right: each count factored as (weights per unit + 1 bias) times the units, in a list
# Your answer: (parameters of the Conv1D layer, parameters of the Dense layer)
answer = [(5 * 3 + 1) * 8, (64 * 3 + 1) * 8]
