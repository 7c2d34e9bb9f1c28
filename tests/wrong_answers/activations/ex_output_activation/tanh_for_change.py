# mistake: tanh for the price change: negative values, but never beyond -1 and 1
# rejected with: cannot predict a change of more than a dollar
answer = {
    "malignant": "sigmoid",     # "sigmoid", "linear", "relu", "tanh" or "softmax"
    "price_change": "tanh",
    "minutes": "relu",
}
