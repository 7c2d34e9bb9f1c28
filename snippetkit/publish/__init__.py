"""Publishing the site: the pre-build step, the MkDocs hook and the Zensical build (engine and pages joined)."""
