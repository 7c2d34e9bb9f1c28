# # Note A's layers without commas
#
# Note A lists the three `Dense` layers of its softmax network (both versions) without commas
# between them. Python reads a whole file before it runs any of it, so such a program fails before
# its first line. With a comma after each layer the block compiles; as the note writes it, not.

note_a_block = """
model = Sequential([
    Dense(25, activation = 'relu')
    Dense(15, activation = 'relu')
    Dense(10, activation = 'softmax')
])
"""
compile(note_a_block.replace("')\n", "'),\n"), "fixed.py", "exec")
print("with a comma after each layer: compiles")

# The improved version (a linear output layer) has the same three lines without commas, and fails
# the same way.

note_a_improved = note_a_block.replace("'softmax')", "'linear') #instead of sofmax to get z ")
try:
    compile(note_a_improved, "note_a_improved.py", "exec")
    raise AssertionError("the improved version compiled")
except SyntaxError as exc:
    print(f"the improved version, as written: SyntaxError: {exc.msg}")
    assert "forgot a comma" in exc.msg

# The first version, as written:

# expect-error: SyntaxError: Perhaps you forgot a comma?
compile(note_a_block, "note_a.py", "exec")
