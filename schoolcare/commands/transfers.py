"""`schoolcare transfer in`: the receiving school's coordinator moves a pupil of another school of the database here
by their national student number (全国学籍号), after seeing who it finds."""
from __future__ import annotations

import argparse

from schoolcare.commands.context import CommandContext, confirmed, say


def candidate_lines(found) -> list[str]:
    """Who the number finds, enough to confirm it is the right child: name, gender, birth date, school, class."""
    gender = say(f"pupils.gender.{found.gender}") if found.gender in ("m", "f") else found.gender
    return [say("transfer.cli.found", national_id=found.national_id),
            say("transfer.cli.pupil", name=found.name, gender=gender, birth_date=found.birth_date.isoformat(),
                school=found.school, class_name=found.class_name or "—")]


def transfer_in(args: argparse.Namespace, ctx: CommandContext) -> int:
    """Preview always; move only with --yes or a 'y' typed at the terminal."""
    from schoolcare.domain import clock
    from schoolcare.services.county import transfers
    from schoolcare.services.registry.ledgers import class_by_name

    actor = ctx.open_as_user()
    found = transfers.find(actor, args.national_id)
    class_id = class_by_name(actor, args.class_name) if args.class_name else None
    for line in candidate_lines(found):
        print(line)
    day = args.date or clock.today().isoformat()
    print(say("transfer.cli.plan", date=day, class_name=args.class_name or say("transfer.cli.no_class")))
    if not confirmed(args.yes, "transfer.needs_yes", "transfer.cli.confirm", "transfer.cli.not_moved"):
        return 1
    pupil_id = transfers.transfer_in(actor, found.national_id, class_id, args.date, args.student_no or "")
    print(say("transfer.cli.done", name=found.name, school=found.school, id=pupil_id))
    return 0
