# mistake: 200 // 32 = 6 batches per epoch, forgetting the last, smaller one
# rejected with: leaves out the last, smaller mini-batch
answer = 18  # the number of optimizer steps fit takes: an integer
