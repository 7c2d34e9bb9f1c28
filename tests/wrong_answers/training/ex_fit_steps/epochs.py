# mistake: one step per epoch (the notes call fit gradient descent)
# rejected with: is the number of epochs
answer = 3  # the number of optimizer steps fit takes: an integer
