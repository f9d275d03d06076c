"""Development tools, not part of the installed package: the sample and scale generators
(`samplegen/`, `python -m devtools.generate`) and the PostgreSQL Unicode-class macro generator
(`python -m devtools.unicode_classes`). Run them from the checkout."""
