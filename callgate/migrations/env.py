"""Alembic environment: migrates the database named by `sqlalchemy.url` online."""

from alembic import context
from sqlalchemy import engine_from_config, pool

from callgate.db import accounts, alerts, integrations, leases, rollups, routes, visitors

# Each module adds its tables to the one metadata of db.models; all must be imported.
assert accounts.METADATA is visitors.METADATA is integrations.METADATA is leases.LeaseRow.metadata
assert routes.CallContext.metadata is accounts.METADATA is alerts.AlertChannel.metadata
assert rollups.OverviewRollup.metadata is accounts.METADATA
config = context.config


def run_migrations_online() -> None:
    """Run every pending migration in one transaction; SQLite uses batch mode for ALTERs."""
    connectable = engine_from_config(
        config.get_section(config.config_ini_section, {}),
        prefix="sqlalchemy.",
        poolclass=pool.NullPool,
    )
    with connectable.connect() as connection:
        context.configure(
            connection=connection,
            target_metadata=accounts.METADATA,
            render_as_batch=connection.dialect.name == "sqlite",
        )
        with context.begin_transaction():
            context.run_migrations()


run_migrations_online()
