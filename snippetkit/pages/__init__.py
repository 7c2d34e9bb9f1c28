"""The page side: Python-Markdown extensions and the downloads; they read the cache, never run a snippet."""
