"""Publishing the site: the pre-build step, the MkDocs hook and the Zensical build (engine and pages joined)."""

# The build's caches: folders beside the snippet cache (.cache/ by default), each safe to delete.
BUILD_CACHES = ("pages", "search-entries", "highlight", "notebook-pages", "numbers")
