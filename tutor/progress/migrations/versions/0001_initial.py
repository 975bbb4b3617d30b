"""Initial schema: quiz attempts with their answers, readiness-check sessions.

Revision ID: 0001
Revises:
Create Date: 2026-11-22
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

TS = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "quiz_attempts",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("learner", sa.String(64), nullable=False, index=True),
        sa.Column("scope", sa.String(300), nullable=False),
        sa.Column("module", sa.Integer),
        sa.Column("source", sa.String(300)),
        sa.Column("seed", sa.Integer),
        sa.Column("total", sa.Integer, nullable=False),
        sa.Column("correct", sa.Integer, nullable=False),
        sa.Column("percent", sa.Integer, nullable=False),
        sa.Column("finished_at", TS, nullable=False, index=True),
    )
    op.create_table(
        "quiz_answers",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column(
            "attempt_id",
            sa.Integer,
            sa.ForeignKey("quiz_attempts.id", ondelete="CASCADE"),
            nullable=False,
            index=True,
        ),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("item_id", sa.String(64), nullable=False, index=True),
        sa.Column("question", sa.Text, nullable=False),
        sa.Column("module", sa.Integer),
        sa.Column("section", sa.String(500)),
        sa.Column("location", sa.String(1000), nullable=False),
        sa.Column("given", sa.Text, nullable=False),
        sa.Column("correct", sa.Boolean, nullable=False),
    )
    op.create_table(
        "checklist_sessions",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("learner", sa.String(64), nullable=False, index=True),
        sa.Column("state", sa.Text, nullable=False),
        sa.Column("answered", sa.Integer, nullable=False),
        sa.Column("finished", sa.Boolean, nullable=False),
        sa.Column("score", sa.Integer),
        sa.Column("max_score", sa.Integer),
        sa.Column("verdict", sa.Text),
        sa.Column("created_at", TS, nullable=False),
        sa.Column("updated_at", TS, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("checklist_sessions")
    op.drop_table("quiz_answers")
    op.drop_table("quiz_attempts")
