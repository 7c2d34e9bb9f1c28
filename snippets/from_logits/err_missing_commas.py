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

# expect-error: SyntaxError: Perhaps you forgot a comma?
compile(note_a_block, "note_a.py", "exec")
