"""Mutants of an exercise's solution: the task section changed in one place, by cosmic-ray.

Why cosmic-ray (8.7) and not mutmut (3.x): cosmic-ray mutates source *strings* through a library call,
`cosmic_ray.mutating.mutate_code(code, operator, occurrence)` (parso-based), and its operators are
plain classes (`cosmic_ray.operators.operator.Operator`: `mutation_positions(node)`, `mutate(node,
index)`, `examples()`) listed by `cosmic_ray.plugins.operator_names()` and made by `get_operator(name)`.
So the task section of a solution, a few lines that only make sense composed into their starter, can be
mutated here, each mutant composed into the starter like a wrong answer (`snippetkit.exercises`), and
run in the project's own worker pool. mutmut 3 instead copies the configured source paths into
`./mutants/`, writes each mutated file with the original code and its mutants behind trampolines that
the `MUTANT_UNDER_TEST` environment variable switches, and runs the project's tests against them under
`mutmut run` (its ARCHITECTURE.rst): it mutates functions of importable modules for a test suite, and
has no place for a task section that only runs composed into a starter, checked by the engine's pool.

`OPERATORS` is the mutation setting (its text is part of every record's digest): cosmic-ray's
arithmetic, comparison, unary, number and boolean operators, and this module's own operators for what
cosmic-ray lacks and learners get wrong: `@` for `*`, swapped operands, arguments and elements, another
`axis`, a keyword argument left out, another activation or loss, another NumPy reduction, a statement
removed, a transpose dropped, a NumPy call unwrapped. Each has `examples()`, which
tests/test_mutants.py runs through `mutate_code`.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass

import parso
from cosmic_ray.mutating import mutate_code
from cosmic_ray.operators.operator import Example, Operator
from cosmic_ray.plugins import get_operator

from snippetkit import exercises

ARITHMETIC = ("Add", "Sub", "Mul", "Div", "Pow")
COMPARISON = ("Eq", "NotEq", "Lt", "LtE", "Gt", "GtE")
CORE = (
    *(f"core/ReplaceBinaryOperator_{a}_{b}" for a in ARITHMETIC for b in ARITHMETIC if a != b),
    *(f"core/ReplaceComparisonOperator_{a}_{b}" for a in COMPARISON for b in COMPARISON if a != b),
    "core/ReplaceUnaryOperator_USub_UAdd", "core/ReplaceUnaryOperator_Delete_USub",
    "core/NumberReplacer", "core/ReplaceTrueWithFalse", "core/ReplaceFalseWithTrue",
    "core/ReplaceAndWithOr", "core/ReplaceOrWithAnd", "core/ZeroIterationForLoop",
)
ACTIVATIONS = ("relu", "sigmoid", "linear", "tanh", "softmax")
LOSS_CLASSES = ("BinaryCrossentropy", "CategoricalCrossentropy", "SparseCategoricalCrossentropy", "MeanSquaredError")
LOSS_NAMES = ("binary_crossentropy", "categorical_crossentropy", "sparse_categorical_crossentropy", "mse")
NUMPY_SWAPS = {"mean": "sum", "sum": "mean", "max": "min", "min": "max", "maximum": "minimum", "minimum": "maximum"}
UNWRAP = ("abs", "sqrt", "exp", "log", "log1p", "mean", "sum")
NOT_COMMUTATIVE = ("-", "/", "//", "%", "**", "@")


def _leaf(value: str, like) -> parso.python.tree.Leaf:
    """A copy of the leaf `like` with another value (same type, position and prefix)."""
    return type(like)(value, like.start_pos, like.prefix)


def _swap(children: list, i: int, j: int) -> None:
    """Swap two nodes of a list of children, each keeping the white space before its place."""
    a, b = children[i], children[j]
    pa, pb = a.get_first_leaf().prefix, b.get_first_leaf().prefix
    children[i], children[j] = b, a
    b.get_first_leaf().prefix, a.get_first_leaf().prefix = pa, pb


def _is_keyword_argument(node) -> bool:
    return node.type == "argument" and len(node.children) == 3 and getattr(node.children[1], "value", "") == "="


def _call_arguments(node) -> list | None:
    """The argument nodes of a call trailer `( ... )`, or None for anything else."""
    if node.type != "trailer" or node.children[0].value != "(" or len(node.children) != 3:
        return None
    inner = node.children[1]
    if inner.type == "arglist":
        return [c for c in inner.children if getattr(c, "value", None) != ","]
    return [inner]


class ReplaceMatMulWithMul(Operator):
    """`a @ b` becomes `a * b`: the element-wise product where the matrix product belongs."""

    def mutation_positions(self, node):
        if node.type == "operator" and node.value == "@" and node.parent.type == "term":
            yield node.start_pos, node.end_pos

    def mutate(self, node, index):
        return _leaf("*", node)

    @classmethod
    def examples(cls):
        return (Example("x = a @ b", "x = a * b"),)


class SwapOperands(Operator):
    """`a - b` becomes `b - a` (likewise `/`, `//`, `%`, `**`, `@`)."""

    def mutation_positions(self, node):
        if node.type in ("arith_expr", "term", "power"):
            for op in node.children[1::2]:
                if op.value in NOT_COMMUTATIVE:
                    yield op.start_pos, op.end_pos

    def mutate(self, node, index):
        ops = [i for i in range(1, len(node.children), 2) if node.children[i].value in NOT_COMMUTATIVE]
        i = ops[index]
        _swap(node.children, i - 1, i + 1)
        return node

    @classmethod
    def examples(cls):
        return (Example("x = a - b", "x = b - a"), Example("x = a * b / c", "x = a * c / b"),
                Example("x = a @ b - c", "x = c - a @ b"), Example("x = a @ b - c", "x = b @ a - c", occurrence=1))


class SwapArguments(Operator):
    """Two neighbouring positional arguments of a call swapped: `f(a, b)` becomes `f(b, a)`."""

    def _pairs(self, node):
        args = _call_arguments(node)
        if not args:
            return []
        positional = [a for a in args if a.type != "argument"]
        return [(positional[k], positional[k + 1]) for k in range(len(positional) - 1)
                if args.index(positional[k + 1]) == args.index(positional[k]) + 1]

    def mutation_positions(self, node):
        for a, _ in self._pairs(node):
            yield a.start_pos, a.end_pos

    def mutate(self, node, index):
        a, b = self._pairs(node)[index]
        children = node.children[1].children
        _swap(children, children.index(a), children.index(b))
        return node

    @classmethod
    def examples(cls):
        return (Example("f(a, b)", "f(b, a)"), Example("f(a, b, c=1)", "f(b, a, c=1)"),
                Example("f(a, b, c)", "f(a, c, b)", occurrence=1))


class SwapElements(Operator):
    """Two neighbouring elements of a tuple, a list or a subscript swapped: `return dW, db` becomes
    `return db, dW`; `z[rows, y]` becomes `z[y, rows]`."""

    KINDS = ("testlist_star_expr", "testlist", "testlist_comp", "exprlist", "subscriptlist")

    def _pairs(self, node):
        if node.type not in self.KINDS or any(c.type in ("sync_comp_for", "comp_for") for c in node.children):
            return []
        items = node.children[0::2]
        return [(k * 2, k * 2 + 2) for k in range(len(items) - 1)]

    def mutation_positions(self, node):
        for i, _ in self._pairs(node):
            yield node.children[i].start_pos, node.children[i].end_pos

    def mutate(self, node, index):
        i, j = self._pairs(node)[index]
        _swap(node.children, i, j)
        return node

    @classmethod
    def examples(cls):
        return (Example("return a, b", "return b, a"), Example("x = [1, 2, 3]", "x = [2, 1, 3]"),
                Example("x = z[r, y]", "x = z[y, r]"), Example("x = (a, b)", "x = (b, a)"))


class ReplaceAxis(Operator):
    """`axis=1` becomes `axis=0`, `axis=0` becomes `axis=1`, any other axis becomes `axis=0`."""

    def mutation_positions(self, node):
        if _is_keyword_argument(node) and node.children[0].value == "axis":
            yield node.start_pos, node.end_pos

    def mutate(self, node, index):
        value = node.children[2]
        text = value.get_code(include_prefix=False).strip()
        new = {"0": "1", "1": "0"}.get(text, "0")
        node.children[2] = parso.python.tree.Number(new, value.start_pos, value.get_first_leaf().prefix)
        return node

    @classmethod
    def examples(cls):
        return (Example("s = z.sum(axis=1)", "s = z.sum(axis=0)"), Example("s = z.sum(axis=0)", "s = z.sum(axis=1)"),
                Example("s = z.max(axis=-1)", "s = z.max(axis=0)"))


class RemoveKeywordArgument(Operator):
    """A keyword argument left out: `np.max(z, axis=1, keepdims=True)` becomes `np.max(z, axis=1)`,
    `Dense(4, activation="relu")` becomes `Dense(4)`."""

    def mutation_positions(self, node):
        for arg in _call_arguments(node) or []:
            if _is_keyword_argument(arg):
                yield arg.start_pos, arg.end_pos

    def mutate(self, node, index):
        args = [a for a in _call_arguments(node) if _is_keyword_argument(a)]
        arg = args[index]
        inner = node.children[1]
        if inner is arg:
            node.children = [node.children[0], node.children[2]]
            return node
        children = inner.children
        i = children.index(arg)
        if i > 0:  # drop the comma before it
            del children[i - 1:i + 1]
        else:  # the first argument: drop the comma after it, and keep its place's white space
            prefix = arg.get_first_leaf().prefix
            del children[0:2]
            children[0].get_first_leaf().prefix = prefix
        return node

    @classmethod
    def examples(cls):
        return (Example("m = np.max(z, axis=1, keepdims=True)", "m = np.max(z, keepdims=True)"),
                Example("m = np.max(z, axis=1, keepdims=True)", "m = np.max(z, axis=1)", occurrence=1),
                Example('d = Dense(4, activation="relu")', "d = Dense(4)"),
                Example("c = L(from_logits=True)", "c = L()"), Example("f(a=1, b=2)", "f(b=2)"))


class _ReplaceWord(Operator):
    """A string literal or a name from a family replaced by each other member of its family."""

    STRINGS: tuple[tuple[str, ...], ...] = ()
    NAMES: tuple[tuple[str, ...], ...] = ()

    def _others(self, node) -> list[str]:
        if node.type == "string":
            text = node.value
            if len(text) >= 2 and text[0] == text[-1] and text[0] in "'\"":
                family = next((f for f in self.STRINGS if text[1:-1] in f), ())
                return [text[0] + w + text[0] for w in family if w != text[1:-1]]
        elif node.type == "name":
            family = next((f for f in self.NAMES if node.value in f), ())
            return [w for w in family if w != node.value]
        return []

    def mutation_positions(self, node):
        for _ in self._others(node):
            yield node.start_pos, node.end_pos

    def mutate(self, node, index):
        return _leaf(self._others(node)[index], node)


class ReplaceActivation(_ReplaceWord):
    """An activation's name replaced by another: `"relu"` becomes `"sigmoid"`, `"linear"`, ..."""

    STRINGS = (ACTIVATIONS,)

    @classmethod
    def examples(cls):
        return (Example('Dense(4, activation="relu")', 'Dense(4, activation="sigmoid")'),
                Example("a = 'linear'", "a = 'softmax'", occurrence=3))


class ReplaceLoss(_ReplaceWord):
    """A loss replaced by another: `BinaryCrossentropy` by `MeanSquaredError`, `"mse"` by ..."""

    STRINGS = (LOSS_NAMES,)
    NAMES = (LOSS_CLASSES,)

    @classmethod
    def examples(cls):
        return (Example("loss = BinaryCrossentropy()", "loss = CategoricalCrossentropy()"),
                Example("loss = BinaryCrossentropy()", "loss = MeanSquaredError()", occurrence=2),
                Example('loss = "mse"', 'loss = "binary_crossentropy"'))


class ReplaceNumpyFunction(Operator):
    """A reduction replaced by its neighbour: `mean` and `sum`, `max` and `min`, `maximum` and `minimum`
    (as `np.f(...)` or as a method, `z.f(...)`)."""

    def mutation_positions(self, node):
        if node.type == "trailer" and node.children[0].value == "." and node.children[1].value in NUMPY_SWAPS:
            yield node.start_pos, node.end_pos

    def mutate(self, node, index):
        node.children[1] = _leaf(NUMPY_SWAPS[node.children[1].value], node.children[1])
        return node

    @classmethod
    def examples(cls):
        return (Example("c = np.mean(x)", "c = np.sum(x)"), Example("m = z.max(axis=1)", "m = z.min(axis=1)"),
                Example("r = np.maximum(z, 0)", "r = np.minimum(z, 0)"))


class RemoveStatement(Operator):
    """A statement of a function's (or a loop's) body replaced by `pass` (its docstring excepted)."""

    def mutation_positions(self, node):
        if node.type == "simple_stmt" and node.parent is not None and node.parent.type == "suite":
            first = node.children[0]
            if first.type != "string" and getattr(first, "value", None) != "pass":
                yield node.start_pos, node.end_pos

    def mutate(self, node, index):
        stmt = parso.parse("pass\n").children[0]
        stmt.children[0].prefix = node.get_first_leaf().prefix
        return stmt

    @classmethod
    def examples(cls):
        return (Example("def f(x):\n    y = 2 * x\n    return y\n", "def f(x):\n    pass\n    return y\n"),
                Example("def f(x):\n    y = 2 * x\n    return y\n", "def f(x):\n    y = 2 * x\n    pass\n",
                        occurrence=1))


class RemoveTranspose(Operator):
    """`A.T` becomes `A`."""

    def mutation_positions(self, node):
        if node.type == "atom_expr":
            for t in node.children[1:]:
                if t.type == "trailer" and t.children[0].value == "." and t.children[1].value == "T":
                    yield t.start_pos, t.end_pos

    def mutate(self, node, index):
        ts = [t for t in node.children[1:] if t.type == "trailer" and t.children[0].value == "."
              and t.children[1].value == "T"]
        node.children.remove(ts[index])
        return node

    @classmethod
    def examples(cls):
        return (Example("dW = A.T @ dZ", "dW = A @ dZ"),)


class UnwrapCall(Operator):
    """`np.f(x, ...)` becomes `(x)` for f in abs, sqrt, exp, log, log1p, mean and sum: the call left out."""

    def _applies(self, node) -> bool:
        if node.type != "atom_expr" or len(node.children) != 3:
            return False
        name, attr, call = node.children
        args = _call_arguments(call)
        return (getattr(name, "value", "") == "np" and attr.type == "trailer" and attr.children[0].value == "."
                and attr.children[1].value in UNWRAP and bool(args) and args[0].type != "argument")

    def mutation_positions(self, node):
        if self._applies(node):
            yield node.start_pos, node.end_pos

    def mutate(self, node, index):
        first = _call_arguments(node.children[2])[0]
        atom = parso.parse("(" + first.get_code(include_prefix=False) + ")").children[0]
        atom.get_first_leaf().prefix = node.get_first_leaf().prefix
        return atom

    @classmethod
    def examples(cls):
        return (Example("y = np.log(1 + e)", "y = (1 + e)"), Example("s = np.sum(dZ, axis=0)", "s = (dZ)"))


CUSTOM = {f"snippetkit/{cls.__name__}": cls for cls in (
    ReplaceMatMulWithMul, SwapOperands, SwapArguments, SwapElements, ReplaceAxis, RemoveKeywordArgument,
    ReplaceActivation, ReplaceLoss, ReplaceNumpyFunction, RemoveStatement, RemoveTranspose, UnwrapCall)}
OPERATORS = (*CORE, *CUSTOM)
"""The mutation setting: every operator applied at every place it applies, one change per mutant."""


def operator(name: str) -> Operator:
    return CUSTOM[name]() if name in CUSTOM else get_operator(name)()


@dataclass(frozen=True)
class Mutant:
    id: str  # `core/NumberReplacer#3`: the operator and its occurrence in the task section
    task: str  # the mutated task section
    line: int  # the first line of the task section that changed (1-based)
    before: str
    after: str

    @property
    def name(self) -> str:
        """The id as a file name's part: `core-NumberReplacer-3`."""
        return self.id.replace("/", "-").replace("#", "-")


def _change(original: str, mutated: str) -> tuple[int, str, str]:
    """(first changed line, the changed lines before, after): the lines between the common head and
    tail, stripped and joined with " ; "."""
    a, b = original.split("\n"), mutated.split("\n")
    head = 0
    while head < min(len(a), len(b)) and a[head] == b[head]:
        head += 1
    tail = 0
    while tail < min(len(a), len(b)) - head and a[len(a) - 1 - tail] == b[len(b) - 1 - tail]:
        tail += 1
    return (head + 1, " ; ".join(s.strip() for s in a[head:len(a) - tail]),
            " ; ".join(s.strip() for s in b[head:len(b) - tail]))


def generate(task: str, operators: tuple[str, ...] = OPERATORS) -> list[Mutant]:
    """Every mutant of a task section: each operator at each of its occurrences, in order. A mutant
    that is not valid Python, or whose text equals the original or an earlier mutant's, is left out."""
    seen, out = {task}, []
    for name in operators:
        op = operator(name)
        occurrence = 0
        while True:
            mutated = mutate_code(task, op, occurrence)
            if mutated is None:
                break
            if mutated not in seen:
                seen.add(mutated)
                try:
                    ast.parse(mutated)
                except SyntaxError:
                    pass
                else:
                    line, before, after = _change(task, mutated)
                    out.append(Mutant(f"{name}#{occurrence}", mutated, line, before, after))
            occurrence += 1
    return out


def answers(ex: exercises.Exercise, found: list[Mutant] | None = None) -> tuple[exercises.Answer, ...]:
    """The mutants of an exercise's solution as answers to compose into its starter (`exercises.variants`):
    each must be rejected with "not yet", unless it is listed as equivalent (`equivalent_names`)."""
    found = generate(exercises.solution_task(ex)) if found is None else found
    return tuple(exercises.Answer("mutant", m.name, m.task, f"{m.id}: `{m.after}`", exercises.STARTER_EXPECT.message)
                 for m in found)


def equivalent_names(ex: exercises.Exercise) -> frozenset[str]:
    """The listed equivalent mutants' names as `Mutant.name` spells them."""
    return frozenset(i.replace("/", "-").replace("#", "-") for i in exercises.read_equivalents(ex))


def mutant_id(name: str) -> str:
    """`core-NumberReplacer-3` (a file name's part) back to `core/NumberReplacer#3`."""
    head, _, occurrence = name.rpartition("-")
    return head.replace("-", "/", 1) + "#" + occurrence

