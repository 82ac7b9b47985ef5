"""Stage 4, *compose*: one module per kind of answer. Every figure comes from the calculator."""
