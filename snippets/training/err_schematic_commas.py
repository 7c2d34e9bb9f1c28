# # Note A's schematic of the model: no commas between the layers
#
# Note A sketches step 1 as `Sequential([Dense(...) Dense(...) Dense(...)])`, one layer a line
# and no comma between them. `Dense(...)` is valid Python (`...` is a value), but a list needs a
# comma between its items: Python rejects the lines before any of them runs. Compiling the
# note's five lines, as written, shows the error.

# expect-error: SyntaxError: invalid syntax. Perhaps you forgot a comma?
note_a_lines = "model = Sequential([\n\tDense(...)\n\tDense(...)\n\tDense(...)\n])"
compile(note_a_lines, "note_a.py", "exec")
