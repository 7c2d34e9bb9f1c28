"""The build: the pre-build step, the MkDocs hook and the Zensical build, which join the engine and the pages."""
