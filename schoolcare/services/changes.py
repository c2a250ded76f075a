"""Whether anything was written since a screen last loaded: every change is audited, so the newest audit row's id is
a change counter (for every user of the database, not only this session)."""
from __future__ import annotations

import peewee as pw

from schoolcare.domain.roles import Actor
from schoolcare.store.models import AuditEntry


def latest_change(actor: Actor) -> int:
    """The id of the newest audit row (0 when none): a screen that loaded at this id and sees it again may keep
    what it shows. The whole database's, not the school's, so the answer is one index lookup; another school's
    change only costs an unneeded reload. `actor` as for every service; nothing of a child's is revealed."""
    del actor
    return AuditEntry.select(pw.fn.MAX(AuditEntry.id)).scalar() or 0
