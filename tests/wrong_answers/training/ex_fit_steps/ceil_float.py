# mistake: the right count from np.ceil, which returns a float (21.0), not an int
# rejected with: round up to an int
answer = 3 * np.ceil(200 / 32)  # the number of optimizer steps fit takes: an integer
