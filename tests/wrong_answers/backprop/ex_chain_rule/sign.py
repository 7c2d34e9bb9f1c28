# mistake: dJ/da written as y - a
# rejected with: wrong sign
# Your answer: dJ/dw at w = 2, one number
answer = -72  # (y - a) * 2z * x
