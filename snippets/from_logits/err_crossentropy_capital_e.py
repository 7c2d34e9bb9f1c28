# # `SparseCategoricalCrossEntropy`: no capital E
#
# Note B (in the imports of both its programs) and Note A's second version write
# `SparseCategoricalCrossEntropy`. Keras spells the class `SparseCategoricalCrossentropy`,
# "entropy" in lower case.

# expect-error: ImportError: cannot import name 'SparseCategoricalCrossEntropy'
from tensorflow.keras.losses import SparseCategoricalCrossEntropy

loss = SparseCategoricalCrossEntropy(from_logits=True)
