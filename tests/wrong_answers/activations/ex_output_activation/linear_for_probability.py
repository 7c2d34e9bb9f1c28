# mistake: a linear output for the 0/1 label, whose output must be a probability
# rejected with: not a probability
answer = {
    "malignant": "linear",     # "sigmoid", "linear", "relu", "tanh" or "softmax"
    "price_change": "linear",
    "minutes": "relu",
}
