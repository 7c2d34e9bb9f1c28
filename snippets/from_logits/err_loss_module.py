# # Note A's loss import: wrong name, wrong module
#
# Note A writes `from tensorflow.keras import SparseCategroricalCrossentropy`. The name is
# misspelt ("Categrorical"), and even spelt right the class is not in `tensorflow.keras` but in
# `tensorflow.keras.losses`. The correct spelling, from the note's module:

# expect-error: ImportError: cannot import name 'SparseCategoricalCrossentropy' from 'tensorflow.keras'
from tensorflow.keras import SparseCategoricalCrossentropy

loss = SparseCategoricalCrossentropy()
