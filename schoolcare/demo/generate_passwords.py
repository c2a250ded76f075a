"""Generated accounts' passwords: each account its own salt and scrypt hash, at a low cost, raised to the shipped
cost at the account's first login.

Generated schools are fictional and share one published password; hashing their ~67 accounts a school at the
shipped n=2**17 (~0.5 s and 128 MiB each) would make `generate --pupils 2000` take minutes and a 50-school
county hours. Even n=2**14 (~40 ms each) made the 3,350 accounts of 50 schools take more than two minutes on
their own. So they get n=2**10 (~3 ms) with a salt of their own (no two hashes alike): the password is printed
for all to read, so the cost protects nothing here; services/accounts/auth.py upgrades each to the shipped cost
at its first successful login, as it does for any account made by an older version.
"""
from __future__ import annotations

from schoolcare.services.accounts.auth import hash_password, scrypt_cost
from schoolcare.services.tx import writing
from schoolcare.store.models import Staff

GENERATED_N = 2**10  # upgraded to the shipped cost at first login
PENDING = "!pending"  # not a scrypt hash: verify_password refuses every password for it


class AccountHashes:
    """Hashes of one password for many logins, each with its own salt, written into the staff rows at the end."""

    def __init__(self, password: str) -> None:
        self.password = password
        self.cost = min(GENERATED_N, scrypt_cost())
        self.pending: dict[str, str] = {}

    def ask(self, logins: list[str]) -> str:
        """Hash for `logins`; returns the placeholder to load their staff rows with until store()."""
        for login in logins:
            self.pending[login] = hash_password(self.password, n=self.cost)
        return PENDING

    def store(self) -> None:
        with writing():
            for login, stored in self.pending.items():
                Staff.update(password_hash=stored).where(Staff.login == login).execute()

    def close(self) -> None:
        """Nothing to release (kept for generate's try/finally)."""
