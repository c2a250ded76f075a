"""Failed logins counted per login typed, so the wait after five holds across processes and browser sessions."""
import peewee as pw
from peewee import DateTimeField


def up(migrator, db):
    class FailedLogin(pw.Model):
        login = pw.CharField(unique=True)
        failures = pw.IntegerField(default=0)
        last_at = DateTimeField()

        class Meta:
            database = db
            legacy_table_names = False

    db.create_tables([FailedLogin])
