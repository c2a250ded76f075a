"""The audit log's index on school alone goes: (school, at) answers every lookup by school, and each change writes
an audit row, so a second index on the same leading column was paid for by every write (a roster import: 2,000)."""


def up(migrator, db):
    migrator.migrate(migrator.drop_index("audit_entry", "audit_entry_school_id"))
