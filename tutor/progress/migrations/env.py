"""Alembic environment: runs on the connection handed over by tutor.progress.db.migrate.

That connection is already inside a transaction holding the migration lock (SQLite: BEGIN
IMMEDIATE; PostgreSQL: an advisory lock), so two app workers never migrate at once.
"""

from __future__ import annotations

from alembic import context

connection = context.config.attributes.get("connection")
if connection is None:  # pragma: no cover - only reached with a plain `alembic` command
    raise RuntimeError("Use tutor.progress.db.migrate(); it passes the connection.")

context.configure(
    connection=connection,
    target_metadata=None,
    render_as_batch=connection.dialect.name == "sqlite",
    transactional_ddl=True,
)
with context.begin_transaction():
    context.run_migrations()
