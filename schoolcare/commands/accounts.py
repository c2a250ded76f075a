"""`schoolcare init` and `user add|list|deactivate|activate`: a new school and the accounts of its staff."""
from __future__ import annotations

import argparse
import re
import sys

from schoolcare.commands.context import CommandContext, CommandError, listed, say
from schoolcare.domain.roles import Permission


def init(args: argparse.Namespace, ctx: CommandContext) -> int:
    from schoolcare.services.accounts import auth

    ctx.open()
    if not auth.is_empty():
        raise CommandError("cli.school_exists", url=ctx.url())
    password = ctx.password(say("cli.prompt.coordinator_password"))
    login = args.login or "coord"
    actor = auth.create_school(args.school, args.coordinator, login, password, code=args.code)
    print(say("cli.init_done", school=args.school, url=ctx.url()))
    print(say("cli.init_coordinator", name=actor.name, login=actor.login))
    return 0


def user_add(args: argparse.Namespace, ctx: CommandContext) -> int:
    from schoolcare.services.accounts import auth

    if not args.name:
        raise CommandError("cli.user_name_required", "NAME", exit_code=2)
    if not args.role:
        raise CommandError("cli.user_role_required", "--role", exit_code=2)
    actor = ctx.open_as_user()
    login = args.login or _login_from_name(args.name)
    password = _new_password(ctx)
    if args.role == "county":  # belongs to no school: the county's own account (commands/county.py)
        from schoolcare.commands.county import add_county_account

        return add_county_account(args, actor, login, password)
    auth.add_user(actor, args.name, args.role, login, password, phone=args.phone, post=args.post)
    print(say("cli.user_added", role=say(f"role.{args.role}"), name=args.name, login=login))
    return 0


def user_list(args: argparse.Namespace, ctx: CommandContext) -> int:
    """One line a member of staff: login, name, role, active, caseload, the classes they lead (a teacher: other
    staff's name and post only)."""
    from schoolcare.commands.county import list_county_accounts
    from schoolcare.services.registry import staff

    actor = ctx.open_as_user()
    if actor.is_county:  # belongs to no school: the county's accounts, with office and reach
        list_county_accounts(actor)
        return 0
    details = staff.sees_staff_details(actor)
    for member in staff.list_staff(actor):
        if not details and member.id != actor.staff_id:  # a teacher: colleagues' names and posts only
            print("\t".join((member.name, member.post)).rstrip("\t"))
            continue
        state = say("accounts.state.active") if member.active else say("accounts.state.inactive")
        print("\t".join((member.login, member.name, say(f"role.{member.role}"), state, str(member.caseload),
                         listed(member.classes))).rstrip("\t"))
    if actor.can(Permission.MANAGE_USERS):  # and who in the county reads this school
        list_county_accounts(actor)
    return 0


def _login_arg(args: argparse.Namespace) -> str:
    if not args.name:
        raise CommandError("cli.user_login_required", "LOGIN", exit_code=2)
    return args.name


def user_deactivate(args: argparse.Namespace, ctx: CommandContext) -> int:
    """A leaver: refused while they hold pupils or lead a class, unless --handover-to names a successor."""
    from schoolcare.services.registry import staff

    actor = ctx.open_as_user()
    member = staff.staff_by_login(actor, _login_arg(args))
    successor = staff.staff_by_login(actor, args.handover_to) if args.handover_to else None
    pupils, classes = staff.deactivate(actor, member, handover_to=successor, reason=args.reason or "")
    print(say("accounts.deactivated", login=args.name.lower(), pupils=pupils, classes=classes))
    return 0


def user_activate(args: argparse.Namespace, ctx: CommandContext) -> int:
    from schoolcare.services.registry import staff

    actor = ctx.open_as_user()
    staff.activate(actor, staff.staff_by_login(actor, _login_arg(args)))
    print(say("accounts.activated", login=args.name.lower()))
    return 0


def _login_from_name(name: str) -> str:
    from schoolcare.services.registry.search_keys import pinyin_of

    full, _ = pinyin_of(name)
    return re.sub(r"[^a-z0-9]", "", full.lower()) or "user"


def _new_password(ctx: CommandContext) -> str:
    import getpass
    import os

    from_env = os.environ.get("SCHOOLCARE_NEW_PASSWORD")
    if from_env:
        return from_env
    if not sys.stdin.isatty():
        raise CommandError("cli.no_new_password")
    first = getpass.getpass(say("cli.prompt.new_password"))
    if getpass.getpass(say("cli.prompt.again")) != first:
        raise CommandError("passwords_differ")
    return first
