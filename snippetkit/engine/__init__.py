"""The engine: runs snippets (isolated, in worker processes) and stores what they print and draw."""
