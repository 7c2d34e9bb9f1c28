# # Note A's import: `Sequentail`
#
# With the string closed, the program stops at its second line: there is no `Sequentail`.

# expect-error: ImportError: cannot import name 'Sequentail'
import tensorflow as tf  # noqa: F401
from tensorflow.keras import Sequentail  # noqa: F401
