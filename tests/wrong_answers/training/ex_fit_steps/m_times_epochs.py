# mistake: one step per example, m times the epochs
# rejected with: one step per example
answer = 600  # the number of optimizer steps fit takes: an integer
