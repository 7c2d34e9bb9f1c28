# right: the same choices written with dict(...) in another order
answer = dict(minutes="relu", malignant="sigmoid", price_change="linear")
