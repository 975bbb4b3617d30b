"""Alembic revision files, one schema step each."""
