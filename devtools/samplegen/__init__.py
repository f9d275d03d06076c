"""Deterministic generators of input data: the bundled Golmud 2024 sample, and the pieces a
scale generator reuses (minimal document files, images, RFC 5322 messages, workbooks).

Everything here is a pure function of its arguments: no clock, no unseeded randomness, fixed
zip time stamps and MIME boundaries, so the same call writes the same bytes on every run.
"""
