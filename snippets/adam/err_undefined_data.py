# # Note A's Adam program, run alone: `X` and `Y` stand for the reader's data
#
# The note's own lines, after the two imports its earlier programs make: the model is built and
# compiled, and `fit` stops, because the excerpt does not define `X` and `Y`, the data a reader
# trains on (adam/adam_digits.py runs it on real data).

# expect-error: NameError: name 'X' is not defined
import tensorflow as tf
from tensorflow.keras import Sequential

#model
model = Sequential([
    tf.keras.layers.Dense(units = 25, activation = 'sigmoid'),
    tf.keras.layers.Dense(units = 15, activation = 'sigmoid'),
    tf.keras.layers.Dense(units = 10, activation = 'linear')
])

#compile
model.compile(optimizer = tf.keras.optimizers.Adam(learning_rate = 1e-3),
     loss = tf.keras.losses.SparseCategoricalCrossentropy(from_logits = True)
)

#fit
model.fit(X,Y, epochs = 100)  # noqa: F821 (undefined, as in the note)
