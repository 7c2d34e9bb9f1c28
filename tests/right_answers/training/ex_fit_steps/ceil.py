# right: the count worked out in code, m / 32 rounded up with math.ceil (an int), times the epochs
import math

answer = math.ceil(200 / 32) * 3  # the number of optimizer steps fit takes: an integer
