# # Derivatives: nudge w by epsilon, watch J change
#
# The informal definition of the course's video *What is a derivative?*: if w goes up by a tiny
# amount epsilon and J(w) goes up by k times epsilon, then the derivative dJ/dw is k. First for
# J(w) = w^2 at w = 3, where the exact derivative is 2w = 6.

import matplotlib.pyplot as plt
import numpy as np
import sympy

w = 3.0
for eps in (0.1, 0.001, 0.000001):
    k = ((w + eps) ** 2 - w**2) / eps
    print(f"J(w) = w^2, w = 3, eps = {eps:g}: J rises by {k:.6f} x eps")
    assert abs(k - (6.0 + eps)) < 1e-7  # (w + eps)^2 - w^2 = 6 eps + eps^2: k = 6 + eps

# SymPy computes the exact derivative of the four functions of *What is a derivative?*, w^2, w^3, w and 1/w, at its
# point w = 2. Each is compared with the nudge estimate with eps = 1e-6 (float64): they agree to
# about 1e-5.

w_sym = sympy.symbols("w")
functions = {"w^2": w_sym**2, "w^3": w_sym**3, "w": w_sym, "1/w": 1 / w_sym}
for name, J in functions.items():
    dJ_dw = sympy.diff(J, w_sym)
    exact = float(dJ_dw.subs(w_sym, 2))
    J_num = sympy.lambdify(w_sym, J)
    estimate = (J_num(2 + 1e-6) - J_num(2)) / 1e-6
    print(f"J = {name:3s}  dJ/dw = {str(dJ_dw):6s}  at w = 2: exact {exact:8.4f}, "
          f"nudge {estimate:8.4f}")
    assert abs(estimate - exact) < 2e-5, (name, estimate, exact)
assert sympy.diff(1 / w_sym, w_sym) == -1 / w_sym**2

# Where the estimate breaks down. The error of (J(w + eps) - J(w)) / eps has two sources:
# eps too large, and the estimate measures the slope of a chord, not of the curve (for w^3 the
# error is 3w eps + eps^2); eps too small, and J(w + eps) - J(w) is the difference of two nearly
# equal numbers, each rounded to the precision of the float type (float32: about 1e-7 relative,
# float64: about 1e-16), so the rounding error is divided by eps. The best eps is in between,
# near the square root of the precision. Here J(w) = w^3 at w = 2 (exact derivative 12).

epsilons = 10.0 ** -np.arange(0, 16)
errors = {}
for dtype in (np.float32, np.float64):
    w0 = dtype(2.0)
    errs = []
    for eps in epsilons.astype(dtype):
        estimate = ((w0 + eps) ** 3 - w0**3) / eps
        errs.append(abs(float(estimate) - 12.0))
    errors[dtype.__name__] = np.array(errs)

print(f"{'eps':>7} {'error, float32':>15} {'error, float64':>15}")
for eps, e32, e64 in zip(epsilons, errors["float32"], errors["float64"]):
    print(f"{eps:7.0e} {e32:15.2e} {e64:15.2e}")
best32 = epsilons[np.argmin(errors["float32"])]
best64 = epsilons[np.argmin(errors["float64"])]
print(f"best eps: float32 {best32:.0e} (error {errors['float32'].min():.1e}), "
      f"float64 {best64:.0e} (error {errors['float64'].min():.1e})")

# The checks: eps = 1 is too large in both types (error 7 = 3w + 1); the best float32 eps lies
# between 1e-5 and 1e-2 and the best float64 eps between 1e-10 and 1e-6; from eps = 1e-7 on,
# float32 cannot see the nudge at all (2 + 1e-7 rounds to 2, estimate 0, error 12), while float64
# is still accurate there; and below its best eps, float64 gets worse again.

assert errors["float32"][0] > 6.9 and errors["float64"][0] > 6.9
assert 1e-5 <= best32 <= 1e-2 and 1e-10 <= best64 <= 1e-6
assert np.all(errors["float32"][7:] == 12.0) and errors["float64"][7] < 1e-5
assert errors["float64"][14] > 1000 * errors["float64"].min()

fig, ax = plt.subplots(num="Error of the nudge estimate of the derivative of w cubed at w = 2 "
                           "against epsilon, float32 and float64, log-log", figsize=(6, 3.6))
for name, style in (("float32", "o-"), ("float64", "s-")):
    ax.loglog(epsilons, np.maximum(errors[name], 1e-17), style, label=name)
ax.set_xlabel("epsilon")
ax.set_ylabel("|estimate - 12|")
ax.invert_xaxis()
ax.legend()
ax.set_title("too large: chord, not tangent; too small: rounding")
plt.show()
