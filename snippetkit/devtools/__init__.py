"""Maintainer tools: the benchmark, the browser, the site weight, the link check."""
