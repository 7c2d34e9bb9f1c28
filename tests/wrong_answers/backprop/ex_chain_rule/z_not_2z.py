# mistake: z where the derivative of z^2, 2z, belongs
# rejected with: you used z for da/dz
# Your answer: dJ/dw at w = 2, one number
answer = 36  # (a - y) * z * x
