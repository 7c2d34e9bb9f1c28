# mistake: the steps of one epoch only
# rejected with: the number of steps of one epoch
answer = 7  # the number of optimizer steps fit takes: an integer
