"""covering index of the ticket statistics (ix_tickets_stats)

stats.query reads a month's candidate tickets from this index alone instead of one table lookup per
ticket (backend/stats_frame.py).

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23 17:30:00
"""
from alembic import op


revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None

COLUMNS = ['closed_at', 'handle_due_at', 'status', 'accepted_at', 'origin_region_id', 'created_at', 'dispatched_at',
           'feedback_at', 'closed_on_time', 'rework_count', 'extension_count', 'satisfaction', 'category', 'source',
           'assignee_id']


def upgrade() -> None:
    with op.batch_alter_table('tickets', schema=None) as batch_op:
        batch_op.create_index('ix_tickets_stats', COLUMNS, unique=False)


def downgrade() -> None:
    with op.batch_alter_table('tickets', schema=None) as batch_op:
        batch_op.drop_index('ix_tickets_stats')
