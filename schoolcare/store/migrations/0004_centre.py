"""Care centre: a finding's severity chosen at inspection, and why a hazard's deadline was changed."""
import peewee as pw


def up(migrator, db):
    migrator.migrate(
        migrator.add_column("inspection_item", "severity", pw.CharField(null=True)),
        migrator.add_column("hazard", "deadline_reason", pw.TextField(default="")),
    )
