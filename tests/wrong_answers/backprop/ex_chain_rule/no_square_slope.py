# mistake: the slope 2z of the square a = z^2 left out of the product
# rejected with: forgot the factor da/dz = 2z
# Your answer: dJ/dw at w = 2, one number
answer = 12  # (a - y) * x
