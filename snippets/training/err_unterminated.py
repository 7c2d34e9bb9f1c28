# # Note A's program as written does not start
#
# Python reads a whole file before it runs any of it. In Note A's first `Dense` line the string
# `'sigmoid)` is never closed, so not even the imports run. Compiling that line alone shows the
# error Python reports for the whole program.

# expect-error: SyntaxError: unterminated string literal
note_a_line = "Dense(25, activation = 'sigmoid),"
compile(note_a_line, "note_a.py", "exec")
