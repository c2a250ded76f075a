"""`schoolcare school add`, `user add --role county`, the county accounts in `user list`, and `report county`:
many schools in one database and the county that reads them."""
from __future__ import annotations

import argparse

from schoolcare.commands.context import CommandContext, CommandError, aligned, say
from schoolcare.domain.roles import Actor


def school_add(args: argparse.Namespace, ctx: CommandContext) -> int:
    """Another school with its county code and first coordinator, as a county account (or, while the database
    has no county account, a coordinator). The acting account's password comes as for every --user command
    (SCHOOLCARE_PASSWORD or a prompt), the new coordinator's as for `user add` (SCHOOLCARE_NEW_PASSWORD or a
    prompt asked twice)."""
    from schoolcare.commands.accounts import _new_password
    from schoolcare.services.accounts import auth, county_accounts

    ctx.open()
    if auth.is_empty():
        raise CommandError("county.no_school_yet")
    actor = ctx.login()
    login = args.login or f"coord-{args.code.strip().lower()}"
    password = _new_password(ctx)
    coordinator = county_accounts.add_school(actor, args.name, args.code, args.coordinator, login, password)
    from schoolcare.store.models import School

    school = School.get_by_id(coordinator.school_id)
    print(say("county.school_added", name=school.name, code=school.code, login=coordinator.login))
    return 0


def add_county_account(args: argparse.Namespace, actor: Actor, login: str, password: str) -> int:
    from schoolcare.services.accounts import county_accounts

    codes = [c for c in (args.schools or "").split(",") if c.strip()]
    office = args.office or "education_bureau"
    county_accounts.add_county_account(actor, args.name, login, password, office=office, school_codes=codes,
                                       phone=args.phone, post=args.post)
    reach = ",".join(c.strip().upper() for c in codes) or say("county.every_school")
    print(say("county.account_added", login=login, office=say(f"office.{office}"), schools=reach))
    return 0


def list_county_accounts(actor: Actor) -> None:
    """One line a county account: login, name, role, state, office, the schools it reads."""
    from schoolcare.services.accounts import county_accounts

    found = county_accounts.county_accounts(actor)
    if not found:
        return
    if not actor.is_county:
        print(f"\n{say('county.accounts_heading')}")
    for account in found:
        state = say("accounts.state.active") if account.active else say("accounts.state.inactive")
        reach = ",".join(account.schools) or say("county.every_school")
        office = say(f"office.{account.office}") if account.office else ""
        print("\t".join((account.login, account.name, say("role.county"), state, office, reach)))


def report_county(args: argparse.Namespace, ctx: CommandContext) -> int:
    """Every school the county account reads, one row each, weakest first (text or CSV)."""
    import sys

    from schoolcare.services.county import county_sheets, schools
    from schoolcare.services.tabular import write_csv

    term = ctx.term(args.term)
    actor = ctx.open_as_user()
    overview = schools.overview(actor, ctx.settings, term.id if term else None)
    sheet = county_sheets.overview_sheet(overview, ctx.language)
    if args.format == "csv":
        write_csv(sys.stdout, sheet.headers, sheet.rows)
        return 0
    print(say("county.report_heading", term=overview.term.name.get(ctx.language), as_of=overview.as_of.isoformat(),
              n=len(overview.schools)))
    # Text: the figures a person compares at a glance; the CSV carries every column.
    # (county_sheets' order: school … overdue, four columns a rule, then activities … the quarterly ledger.)
    tail = [len(sheet.headers) + i for i in (-15, -11, -10, -9, -8, -7, -2, -1)]
    keep = [0, 1, 2, 3, 5, 6, 7] + list(range(8, 8 + 4 * len(overview.rules), 4)) + tail
    print("\n".join(aligned([[sheet.headers[i] for i in keep], *([row[i] for i in keep] for row in sheet.rows)])))
    return 0
