# # Note A's Adam program: `X` and `Y` are never defined
#
# The note's own lines, after the two imports its earlier programs make: the model is built and
# compiled, and `fit` fails, because the note never defines the data `X` and `Y`.

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
