# mistake: softmax on the single output unit of a binary classifier
# rejected with: always 1.0, whatever the input
answer = {
    "malignant": "softmax",     # "sigmoid", "linear", "relu", "tanh" or "softmax"
    "price_change": "linear",
    "minutes": "relu",
}
