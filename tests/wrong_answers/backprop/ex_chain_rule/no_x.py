# mistake: the factor x of z = w x + b left out
# rejected with: forgot the factor dz/dw = x
# Your answer: dJ/dw at w = 2, one number
answer = 24  # (a - y) * 2z
