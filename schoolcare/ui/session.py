"""Who is logged in: the acting user and their school's name, opened in a worker right after login."""
from __future__ import annotations

from dataclasses import dataclass

from schoolcare.domain.roles import Actor
from schoolcare.services.accounts import school


@dataclass(frozen=True)
class Session:
    actor: Actor
    school_name: str


def open_session(actor: Actor) -> Session:
    """Call inside a connection (worker.call)."""
    return Session(actor, school.school_name(actor))
