"""Registry: a pupil whose left-behind status was lost (a parent came home) is kept for the coordinator's review."""
import peewee as pw


def up(migrator, db):
    migrator.migrate(
        migrator.add_column("pupil", "left_behind_review", pw.CharField(default="")),
    )
