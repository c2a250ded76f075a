"""The county's figures (services/county/schools.py) on every school of the data set at once, each against one
hand-written county-wide statement (reference_county.py), and the whole county home against asking each
school's term progress in turn. Run: python bench/run.py --pupils 50000 --backend postgresql --only county"""
from __future__ import annotations

from bench.harness import Figure
from bench.reference_county import CountySQL
from bench.reference_sql import TODAY

COUNTY_LOGIN = "bench-county"


def county_actor():
    """A county account reading every school (made once in the bench database if it has none)."""
    from schoolcare.services.accounts.auth import actor_for
    from schoolcare.store.models import CountyReach, Staff

    found = (Staff.select().where((Staff.role == "county") & ~Staff.id.in_(CountyReach.select(CountyReach.staff)))
             .order_by(Staff.id).first())
    if found is None:
        found = Staff.create(school=None, name="县教育局", login=COUNTY_LOGIN, role="county", office="education_bureau")
    return actor_for(found)


def figures(ds) -> list[Figure]:
    from schoolcare.services.county import reach
    from schoolcare.services.county import schools as county
    from schoolcare.services.reports import term_report
    from schoolcare.store.database import db, is_sqlite

    settings = ds.settings
    actor = county_actor()
    ids = tuple(reach.school_ids(actor))
    term = settings.calendar.current_or_last(TODAY)
    day = min(TODAY, term.end)
    ref = CountySQL(settings, term, list(ids), not is_sqlite())
    note = f"{len(ids)} schools"

    def sql(statement: str):
        return lambda: db.execute_sql(statement).fetchall()

    found: list[Figure] = []
    rule_refs = []
    for rule in settings.rules:
        statement = ref.rule(rule)
        if statement is None:
            continue
        rule_refs.append(statement)
        # A rule owed by the school itself answers in a millisecond: more pairs, as for the small figures below.
        found.append(Figure(f"county: rule {rule.id}", lambda rule=rule: county.rule_cells(rule, settings, term, TODAY, ids),
                            sql(statement), "one county-wide SQL", repeat=41 if rule.subject == "school" else 9,
                            note=note))
    counts = ref.counts()
    ours = {
        "coverage": lambda: county._coverage(ids, day, TODAY),
        "activities": lambda: county._activities(ids, term, day),
        "readiness": lambda: county._readiness(settings, ids, day, TODAY),
        "dropouts": lambda: county._dropouts(settings, ids, TODAY),
    }
    for name, run in ours.items():
        # Most of these take a millisecond or less: 9 pairs of them are at the mercy of the machine's other work.
        found.append(Figure(f"county: {name}", run, sql(counts[name]), "one county-wide SQL", repeat=41, note=note))
    # Three figures of a millisecond or less, which the county asks in one statement (schools._records).
    small = [counts[name] for name in ("hazards", "incidents", "quarterly")]
    quarter = f"{TODAY.year}Q{(TODAY.month - 1) // 3 + 1}"
    found.append(Figure("county: hazards, incidents, quarterly sent", lambda: county._records(ids, term, day, quarter),
                        lambda: [db.execute_sql(s).fetchall() for s in small], "their three county-wide SQL",
                        repeat=41, note=note))
    every = rule_refs + list(counts.values())
    found.append(Figure("county: the county home (every figure)", lambda: county.overview(actor, settings, today=TODAY),
                        lambda: [db.execute_sql(s).fetchall() for s in every], "the hand-written set", repeat=5,
                        note=f"{note}, {len(every)} statements"))
    at = [reach.at_school(actor, school_id) for school_id in ids]
    found.append(Figure("county: term progress school by school", lambda: [
        term_report.term_progress(a, settings, today=TODAY, compare=False) for a in at],
        lambda: county.overview(actor, settings, today=TODAY), "the county home", repeat=3,
        note="the loop this module replaces, for scale"))
    return found
