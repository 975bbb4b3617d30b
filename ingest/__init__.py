"""Ingest pipeline: load → clean → structure → chunk → embed → index.

This package never imports :mod:`tutor`; the tutor depends on it, not the other way round.
"""
