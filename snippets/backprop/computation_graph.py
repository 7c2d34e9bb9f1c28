# # The computation graph: forward and backward, node by node
#
# The example of the course's video *Computation graph*, linear regression on one example:
# J = 1/2 (w x + b - y)^2 with x = -2, y = 2, w = 2, b = 8. The graph breaks J into one
# operation per node:
# c = w x, a = c + b, d = a - y, J = d^2 / 2.
#
# The forward pass computes the nodes from left to right. The backward pass goes from right to
# left: dJ/dJ = 1, and each node passes the gradient it received on to its inputs, multiplied by
# the local derivative of that one operation (the chain rule): dJ/dinput = dJ/dnode x
# dnode/dinput. One sweep gives the derivative of J with respect to every node and parameter.

import matplotlib.pyplot as plt

# Each operation: how it computes its value, and its local derivatives with respect to its inputs.

OPS = {
    "mul": (lambda p, q: p * q, lambda p, q: (q, p)),
    "add": (lambda p, q: p + q, lambda p, q: (1.0, 1.0)),
    "sub": (lambda p, q: p - q, lambda p, q: (1.0, -1.0)),
    "relu": (lambda p: max(p, 0.0), lambda p: (1.0 if p > 0 else 0.0,)),
    "half_square": (lambda p: 0.5 * p * p, lambda p: (p,)),
}


def forward(graph, inputs):
    """graph: [(name, op, [input names], formula)] in order. Returns every node's value."""
    value = dict(inputs)
    print("forward:")
    for name, op, args, formula in graph:
        value[name] = OPS[op][0](*(value[a] for a in args))
        shown = ", ".join(f"{a} = {value[a]:g}" for a in args)
        print(f"  {name:>2} = {formula:<13} = {value[name]:g}   ({shown})")
    return value


def backward(graph, value, output):
    """Every node's dJ/dnode and every edge's local derivative, from the output back."""
    grad = {name: 0.0 for name in value}
    grad[output] = 1.0
    local = {}
    print("backward:")
    for name, op, args, _ in reversed(graph):
        for a, d in zip(args, OPS[op][1](*(value[a] for a in args))):
            local[a, name] = d
            grad[a] += grad[name] * d  # the chain rule; += where a node feeds several others
            if a not in ("x", "y"):  # the data: their derivatives are computed, not printed
                    print(f"  dJ/d{a:<2} += dJ/d{name:<2} x d{name}/d{a} = {grad[name]:g} x {d:g}"
                      f"   -> dJ/d{a} = {grad[a]:g}")
    return grad, local


def draw(graph, value, grad, local, position, title, stretch=1.7):
    """Nodes: name, value (forward) and dJ/dnode (backward); edges: the local derivative."""
    position = {name: (stretch * x, y) for name, (x, y) in position.items()}  # room for labels
    fig, ax = plt.subplots(num=title, figsize=(1.05 * max(x for x, _ in position.values()) + 1.5, 4))
    for name, _, args, _ in graph:
        for a in args:
            (x0, y0), (x1, y1) = position[a], position[name]
            ax.annotate("", xy=(x1 - 0.5, y1), xytext=(x0 + 0.5, y0),
                        arrowprops=dict(arrowstyle="->", color="gray"))
            ax.text((x0 + x1) / 2, (y0 + y1) / 2, f"d{name}/d{a}\n= {local[a, name]:g}",
                    ha="center", va="center", fontsize=7, color="tab:red",
                    bbox=dict(boxstyle="square,pad=0.1", fc="white", ec="none"))
    formulas = {name: formula for name, _, _, formula in graph}
    for name, (x, y) in position.items():
        label = f"{name} = {formulas[name]}" if name in formulas else name
        ax.text(x, y, f"{label}\n= {value[name]:g}\ndJ/d{name} = {grad[name]:g}", ha="center",
                va="center", fontsize=8, bbox=dict(boxstyle="round", fc="white", ec="tab:blue"))
    xs = [p[0] for p in position.values()]
    ys = [p[1] for p in position.values()]
    ax.set_xlim(min(xs) - 0.7, max(xs) + 0.7)
    ax.set_ylim(min(ys) - 0.7, max(ys) + 0.7)
    ax.axis("off")
    plt.show()


# The first graph: J = 1/2 (w x + b - y)^2.

linear = [
    ("c", "mul", ["w", "x"], "w * x"),
    ("a", "add", ["c", "b"], "c + b"),
    ("d", "sub", ["a", "y"], "a - y"),
    ("J", "half_square", ["d"], "d^2 / 2"),
]
value = forward(linear, {"w": 2.0, "x": -2.0, "b": 8.0, "y": 2.0})
grad, local = backward(linear, value, "J")
print(f"dJ/dw = {grad['w']:g}, dJ/db = {grad['b']:g}")

# The numbers of the video *Computation graph*: J = 2, dJ/dw = -4, dJ/db = 2, and the closed form agrees:
# dJ/dw = (w x + b - y) x, dJ/db = (w x + b - y).

assert value["J"] == 2.0 and grad["w"] == -4.0 and grad["b"] == 2.0
w, x, b, y = 2.0, -2.0, 8.0, 2.0
assert grad["w"] == (w * x + b - y) * x and grad["b"] == (w * x + b - y)
draw(linear, value, grad, local,
     {"w": (0, 1), "x": (0, 0), "c": (1.4, 0.5), "b": (1.4, -0.7), "a": (2.8, 0),
      "y": (2.8, -1.2), "d": (4.2, -0.5), "J": (5.6, -0.5)},
     "Computation graph of J = 1/2 (w x + b - y)^2 at w = 2, x = -2, b = 8, y = 2: each node "
     "with its value and dJ/dnode, each edge with its local derivative")

# The second graph: the network of the course's video *Larger neural network example*, two
# layers of one ReLU unit each, a1 = ReLU(w1 x + b1), a2 = ReLU(w2 a1 + b2),
# J = 1/2 (a2 - y)^2, with the video's values x = 1, y = 5, w1 = 2, b1 = 0, w2 = 3, b2 = 1.

network = [
    ("t1", "mul", ["w1", "x"], "w1 * x"),
    ("z1", "add", ["t1", "b1"], "t1 + b1"),
    ("a1", "relu", ["z1"], "ReLU(z1)"),
    ("t2", "mul", ["w2", "a1"], "w2 * a1"),
    ("z2", "add", ["t2", "b2"], "t2 + b2"),
    ("a2", "relu", ["z2"], "ReLU(z2)"),
    ("e", "sub", ["a2", "y"], "a2 - y"),
    ("J", "half_square", ["e"], "e^2 / 2"),
]
value = forward(network, {"x": 1.0, "w1": 2.0, "b1": 0.0, "w2": 3.0, "b2": 1.0, "y": 5.0})
grad, local = backward(network, value, "J")
print(" ".join(f"dJ/d{p} = {grad[p]:g}" for p in ("w1", "b1", "w2", "b2")))

# Checks, against the numbers of *Larger neural network example*: a1 = 2, a2 = 7, J = 2; both ReLU units are active
# (z > 0), so each passes the gradient through unchanged, and by the chain rule
# dJ/dw1 = (a2 - y) w2 x = 2 x 3 x 1 = 6; dJ/dw2 = (a2 - y) a1 = 4, dJ/db1 = 6, dJ/db2 = 2.

assert value["a1"] == 2.0 and value["a2"] == 7.0 and value["J"] == 2.0
assert (grad["w2"], grad["b2"], grad["w1"], grad["b1"]) == (4.0, 2.0, 6.0, 6.0)
assert grad["w1"] == (value["a2"] - 5.0) * 3.0 * 1.0
draw(network, value, grad, local,
     {"w1": (0, 0.9), "x": (0, -0.3), "t1": (1.2, 0.3), "b1": (1.2, -0.9), "z1": (2.4, -0.3),
      "a1": (3.6, -0.3), "w2": (3.6, 0.9), "t2": (4.8, 0.3), "b2": (4.8, -0.9), "z2": (6.0, -0.3),
      "a2": (7.2, -0.3), "y": (7.2, -1.5), "e": (8.4, -0.9), "J": (9.6, -0.9)},
     "Computation graph of a network with two ReLU units, a1 = ReLU(w1 x + b1), "
     "a2 = ReLU(w2 a1 + b2), J = 1/2 (a2 - y)^2: values, dJ/dnode and local derivatives",
     stretch=1.3)
