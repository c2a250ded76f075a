"""A generated county: each school its county code, and one county account per office reading every school."""
from __future__ import annotations

from schoolcare.demo.generate_bulk import Ids, Loader
from schoolcare.demo.generate_passwords import AccountHashes
from schoolcare.domain.roles import Office, Role
from schoolcare.store.models import School, Staff

# (office, login, name): 教育局, 民政局, a township's office; none belongs to a school, all read every school.
COUNTY_ACCOUNTS = (
    (Office.EDUCATION_BUREAU, "county-edu", "县教育局关爱办"),
    (Office.CIVIL_AFFAIRS, "county-civil", "县民政局儿童福利股"),
    (Office.TOWNSHIP, "county-town", "镇政府社会事务办"),
)


def school_code(school_id: int) -> str:
    """A generated school's county code (S01, S02 …): unique because the school's id is."""
    return f"S{school_id:02d}"


def set_codes(school_ids: list[int]) -> None:
    for school_id in school_ids:
        School.update(code=school_code(school_id)).where(School.id == school_id).execute()


def county_accounts(ids: Ids, loader: Loader, passwords: AccountHashes, stamp,
                    offices=COUNTY_ACCOUNTS) -> list[tuple[str, str]]:
    """The county's accounts (role, login), loaded with the generated password's hashes pending (store())."""
    rows = []
    for office, login, name in offices:
        placeholder = passwords.ask([login])
        rows.append((ids.take(Staff), None, name, login, Role.COUNTY.value, placeholder, office.value, True, stamp))
    loader.load(Staff, ("id", "school_id", "name", "login", "role", "password_hash", "office", "active", "created_at"),
                rows)
    return [(Role.COUNTY.value, login) for _office, login, _name in offices]
