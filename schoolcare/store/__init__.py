"""Persistence: peewee models, opening the database, migrations and set-based queries."""
