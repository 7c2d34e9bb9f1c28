# # Note A's summary: `acivation = 'linear'`
#
# Keras layers reject keyword arguments they do not know, so a misspelt `activation` fails at
# once instead of silently giving the default.

# expect-error: ValueError: Unrecognized keyword arguments passed to Dense: {'acivation': 'linear'}
from tensorflow.keras.layers import Dense

output_layer = Dense(units=1, acivation="linear")
