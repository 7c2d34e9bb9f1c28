# mistake: a sigmoid output for the price change, a regression target of either sign
# rejected with: it cannot predict a fall
answer = {
    "malignant": "sigmoid",     # "sigmoid", "linear", "relu", "tanh" or "softmax"
    "price_change": "sigmoid",
    "minutes": "relu",
}
