# mistake: a linear output for a duration, which cannot be negative
# rejected with: negative minutes
answer = {
    "malignant": "sigmoid",     # "sigmoid", "linear", "relu", "tanh" or "softmax"
    "price_change": "linear",
    "minutes": "linear",
}
