# right: the forward and backward pass written out in code
# Your answer: dJ/dw at w = 2, one number
w, x, b, y = 2.0, 3.0, -3.0, 5.0
z = w * x + b
a = z**2
answer = (a - y) * (2 * z) * x
