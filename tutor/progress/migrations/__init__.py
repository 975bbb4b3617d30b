"""Alembic migrations of the progress database (run by :func:`tutor.progress.db.migrate`)."""
