"""Reads rules.yaml, centre.yaml, safety.yaml and incidents.yaml into the settings dataclasses."""
from __future__ import annotations

from yaml.nodes import Node

from schoolcare.config.nodes import Reader, join
from schoolcare.domain.dropouts import DropoutRules
from schoolcare.domain.settings import (
    APPLIES_TO,
    BACKDATE_DAYS,
    COUNSELLING_TOPICS,
    PERIODS,
    RECORD_KINDS,
    RESPONSIBLE,
    SEVERITIES,
    SUBJECTS,
    CentreTemplate,
    ChecklistItem,
    ChecklistSection,
    CounsellingTopic,
    EquipmentNeed,
    IncidentKind,
    RoomKind,
    Rule,
    SafetyTemplate,
)

# Objects are built even from half-read entries (fields left None): the caller
# only hands out Settings when no problem was found, and building everything
# lets one pass report every mistake.


def read_rules(reader: Reader, root: Node) -> tuple[tuple[Rule, ...], int, DropoutRules]:
    """The care rules, after how many days in the past a record needs a reason (default BACKDATE_DAYS), and
    the dropout-case rules (控辍保学)."""
    top = reader.fields(root, "", ("rules",), ("backdate_days", *DROPOUT_KEYS)) or {}
    backdate_days = BACKDATE_DAYS
    if "backdate_days" in top:
        backdate_days = reader.integer(top["backdate_days"], "backdate_days", minimum=0)  # type: ignore[assignment]
    dropouts = read_dropout_rules(reader, top)
    seen: dict[str, int] = {}
    rules = []
    for path, node in reader.items(top.get("rules"), "rules"):
        found = reader.fields(
            node,
            path,
            ("id", "name", "subject", "period", "at_least", "record", "holidays_count", "responsible"),
            ("applies_to",),
        ) or {}
        rule_id = reader.ident(found.get("id"), join(path, "id"))
        reader.unique(seen, rule_id, found.get("id"), join(path, "id"), "rule_id")
        applies_to = "left_behind"
        if "applies_to" in found:
            applies_to = reader.choice(found["applies_to"], join(path, "applies_to"), APPLIES_TO, "applies_to")
        rules.append(
            Rule(
                id=rule_id,  # type: ignore[arg-type]
                name=reader.label(found.get("name"), join(path, "name")),  # type: ignore[arg-type]
                subject=reader.choice(found.get("subject"), join(path, "subject"), SUBJECTS, "subject"),  # type: ignore[arg-type]
                period=reader.choice(found.get("period"), join(path, "period"), PERIODS, "period"),  # type: ignore[arg-type]
                at_least=reader.integer(found.get("at_least"), join(path, "at_least"), minimum=1),  # type: ignore[arg-type]
                record=reader.choice(found.get("record"), join(path, "record"), RECORD_KINDS, "record_kind"),  # type: ignore[arg-type]
                holidays_count=reader.boolean(found.get("holidays_count"), join(path, "holidays_count")),  # type: ignore[arg-type]
                responsible=reader.choice(
                    found.get("responsible"), join(path, "responsible"), RESPONSIBLE, "responsible_role"
                ),  # type: ignore[arg-type]
                applies_to=applies_to,  # type: ignore[arg-type]
            )
        )
    return tuple(rules), backdate_days, dropouts


DROPOUT_KEYS = ("dropout_after_unexcused_days", "dropout_deadlines")
_DEADLINE_KEYS = ("registration_days", "first_persuasion_days", "persuasion_days", "written_report_days")


def read_dropout_rules(reader: Reader, top: dict[str, Node]) -> DropoutRules:
    """rules.yaml's dropout_after_unexcused_days and dropout_deadlines (each optional, whole days ≥ 1)."""
    values: dict[str, int] = {}
    if "dropout_after_unexcused_days" in top:
        days = reader.integer(top["dropout_after_unexcused_days"], "dropout_after_unexcused_days", minimum=1)
        if days is not None:
            values["after_unexcused_days"] = days
    if "dropout_deadlines" in top:
        found = reader.fields(top["dropout_deadlines"], "dropout_deadlines", (), _DEADLINE_KEYS) or {}
        for key, node in found.items():
            days = reader.integer(node, join("dropout_deadlines", key), minimum=1)
            if days is not None:
                values[key] = days
    return DropoutRules(**values)


def read_centre(reader: Reader, root: Node) -> CentreTemplate | None:
    top = reader.fields(root, "", ("min_area_m2", "room_kinds", "six_haves"), ("required_rooms",))
    if top is None:
        return None
    min_area = reader.number(top.get("min_area_m2"), "min_area_m2", positive=True)
    seen: dict[str, int] = {}
    rooms = tuple(_room_kind(reader, node, path, seen) for path, node in reader.items(top.get("room_kinds"), "room_kinds"))
    # Only check references against a complete list of room ids, else one bad id would be reported twice.
    known = [room.id for room in rooms if room.id is not None]
    ids_complete = bool(rooms) and len(known) == len(rooms)
    required: list[str] = []
    required_seen: dict[str, int] = {}
    for path, node in reader.items(top.get("required_rooms"), "required_rooms", non_empty=False):
        if ids_complete:
            kind = reader.choice(node, path, known, "room_kind")
        else:
            kind = reader.text(node, path)
        reader.unique(required_seen, kind, node, path, "room_kind")
        if kind is not None:
            required.append(kind)
    six_haves = _checklist_items(reader, top.get("six_haves"), "six_haves", {})
    return CentreTemplate(
        min_area_m2=min_area,  # type: ignore[arg-type]
        room_kinds=rooms,
        six_haves=six_haves,
        required_rooms=tuple(dict.fromkeys(required)),
    )


def _room_kind(reader: Reader, node: Node, path: str, seen: dict[str, int]) -> RoomKind:
    found = reader.fields(node, path, ("id", "name", "equipment")) or {}
    kind_id = reader.ident(found.get("id"), join(path, "id"))
    reader.unique(seen, kind_id, found.get("id"), join(path, "id"), "room_kind_id")
    name = reader.label(found.get("name"), join(path, "name"))
    equipment = []
    equipment_seen: dict[str, int] = {}
    for epath, enode in reader.items(found.get("equipment"), join(path, "equipment")):
        efound = reader.fields(enode, epath, ("id", "name", "count")) or {}
        equipment_id = reader.ident(efound.get("id"), join(epath, "id"))
        reader.unique(equipment_seen, equipment_id, efound.get("id"), join(epath, "id"), "equipment_id")
        equipment.append(
            EquipmentNeed(
                id=equipment_id,  # type: ignore[arg-type]
                name=reader.label(efound.get("name"), join(epath, "name")),  # type: ignore[arg-type]
                count=_count(reader, efound.get("count"), join(epath, "count")),  # type: ignore[arg-type]
            )
        )
    return RoomKind(id=kind_id, name=name, equipment=tuple(equipment))  # type: ignore[arg-type]


def _count(reader: Reader, node: Node | None, path: str) -> int | None:
    value = reader.integer(node, path)
    if value is not None and value < 1:
        reader.report(node, path, "config.equipment_count", value=value)  # type: ignore[arg-type]
        return None
    return value


def _checklist_items(reader: Reader, node: Node | None, path: str, seen: dict[str, int]) -> tuple[ChecklistItem, ...]:
    items = []
    for ipath, inode in reader.items(node, path):
        found = reader.fields(inode, ipath, ("id", "text")) or {}
        item_id = reader.ident(found.get("id"), join(ipath, "id"))
        reader.unique(seen, item_id, found.get("id"), join(ipath, "id"), "item_id")
        text = reader.label(found.get("text"), join(ipath, "text"))
        items.append(ChecklistItem(id=item_id, text=text))  # type: ignore[arg-type]
    return tuple(items)


def read_safety(reader: Reader, root: Node) -> SafetyTemplate | None:
    top = reader.fields(root, "", ("deadline_days", "sections"))
    if top is None:
        return None
    deadlines: dict[str, int] = {}
    found = reader.fields(top.get("deadline_days"), "deadline_days", SEVERITIES) or {}
    for severity in SEVERITIES:
        days = reader.integer(found.get(severity), join("deadline_days", severity), minimum=1)
        if days is not None:
            deadlines[severity] = days
    sections = []
    section_seen: dict[str, int] = {}
    item_seen: dict[str, int] = {}  # item ids are unique across sections: hazards point at them
    for path, node in reader.items(top.get("sections"), "sections"):
        sfound = reader.fields(node, path, ("id", "name", "items")) or {}
        section_id = reader.ident(sfound.get("id"), join(path, "id"))
        reader.unique(section_seen, section_id, sfound.get("id"), join(path, "id"), "section_id")
        name = reader.label(sfound.get("name"), join(path, "name"))
        items = _checklist_items(reader, sfound.get("items"), join(path, "items"), item_seen)
        sections.append(ChecklistSection(id=section_id, name=name, items=items))  # type: ignore[arg-type]
    return SafetyTemplate(sections=tuple(sections), deadline_days=deadlines)


def read_incident_kinds(reader: Reader, root: Node) -> tuple[tuple[IncidentKind, ...], tuple[CounsellingTopic, ...]]:
    """The incident kinds, and the counselling topics (optional: COUNSELLING_TOPICS when not given)."""
    top = reader.fields(root, "", ("kinds",), ("counselling_topics",)) or {}
    topics = COUNSELLING_TOPICS
    if "counselling_topics" in top:
        topics = _counselling_topics(reader, top["counselling_topics"])
    seen: dict[str, int] = {}
    kinds = []
    for path, node in reader.items(top.get("kinds"), "kinds"):
        found = reader.fields(node, path, ("id", "name", "mandatory_report", "report_within_hours")) or {}
        kind_id = reader.ident(found.get("id"), join(path, "id"))
        reader.unique(seen, kind_id, found.get("id"), join(path, "id"), "incident_kind_id")
        kinds.append(
            IncidentKind(
                id=kind_id,  # type: ignore[arg-type]
                name=reader.label(found.get("name"), join(path, "name")),  # type: ignore[arg-type]
                mandatory_report=reader.boolean(found.get("mandatory_report"), join(path, "mandatory_report")),  # type: ignore[arg-type]
                report_within_hours=reader.integer(
                    found.get("report_within_hours"), join(path, "report_within_hours"), minimum=1
                ),  # type: ignore[arg-type]
            )
        )
    return tuple(kinds), topics


def _counselling_topics(reader: Reader, node: Node) -> tuple[CounsellingTopic, ...]:
    seen: dict[str, int] = {}
    topics = []
    for path, item in reader.items(node, "counselling_topics"):
        found = reader.fields(item, path, ("id", "name")) or {}
        topic_id = reader.ident(found.get("id"), join(path, "id"))
        reader.unique(seen, topic_id, found.get("id"), join(path, "id"), "counselling_topic_id")
        topics.append(CounsellingTopic(id=topic_id, name=reader.label(found.get("name"), join(path, "name"))))  # type: ignore[arg-type]
    return tuple(topics)
