"""The checkers: numbers in the prose bound to outputs, and the tolerance of a shown output."""
