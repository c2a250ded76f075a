"""The written report (书面报告) of a dropout case as a .docx to print, sign and stamp: to the education bureau and
the township government, from the case — school, pupil, class, family, care teacher, absences, every persuasion
attempt and the school's request."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

from schoolcare.domain import clock
from schoolcare.domain.roles import Actor, Permission
from schoolcare.domain.settings import Settings
from schoolcare.i18n import text
from schoolcare.services import audit
from schoolcare.services.access import require
from schoolcare.services.accounts.school import school_name
from schoolcare.services.errors import ValidationError
from schoolcare.services.protection.dropouts import CaseDetail, case_detail
from schoolcare.services.tx import writing
from schoolcare.store.models import Guardian, Pupil

FONT = "SimSun"  # 宋体: what a Chinese office's Word or WPS has; the east-Asian font must be set on its own


def _date(lang: str, day: dt.date | None) -> str:
    if day is None:
        return ""
    if lang == "en":
        return day.isoformat()
    return f"{day.year}年{day.month}月{day.day}日"


def export(actor: Actor, settings: Settings, case_id: int, path: Path | str, lang: str = "zh-CN",
           *, today: dt.date | None = None) -> Path:
    """Write the case's written report to `path` (.docx); audited as an export. The report says persuasion has
    failed (劝返无效的，应书面报告): refused while the case has no persuasion attempt recorded."""
    require(actor, Permission.EXPORT)
    today = today or clock.today()
    detail = case_detail(actor, settings, case_id, today=today)
    if not detail.attempts:
        raise ValidationError("dropouts.no_attempts", "case", id=case_id)
    document = build(actor, detail, lang, today)
    path = Path(path)
    document.save(path)
    with writing():
        audit.record(actor, "export", "dropout_case", case_id, pupil_id=detail.row.pupil_id,
                     changes={"file": path.name})
    return path


def build(actor: Actor, detail: CaseDetail, lang: str, today: dt.date):
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn
    from docx.shared import Cm, Pt

    def w(key: str, **values) -> str:
        return text(lang, f"dropouts.doc.{key}", **values)

    row = detail.row
    pupil = Pupil.get_by_id(row.pupil_id)
    guardians = list(Guardian.select().where(Guardian.pupil == pupil.id).order_by(Guardian.position, Guardian.id))
    school = school_name(actor)

    document = Document()
    section = document.sections[0]
    section.page_height, section.page_width = Cm(29.7), Cm(21.0)  # A4, what a school's printer holds
    section.left_margin = section.right_margin = Cm(2.6)
    section.top_margin, section.bottom_margin = Cm(3.0), Cm(2.5)
    style = document.styles["Normal"]
    style.font.name, style.font.size = FONT, Pt(12)
    style.element.rPr.rFonts.set(qn("w:eastAsia"), FONT)

    def paragraph(content: str = "", *, bold: bool = False, size: int | None = None, align=None, indent=False):
        para = document.add_paragraph()
        run = para.add_run(content)
        run.bold = bold
        if size:
            run.font.size = Pt(size)
        if align is not None:
            para.alignment = align
        if indent:
            para.paragraph_format.first_line_indent = Pt(24)
        return para

    paragraph(w("title"), bold=True, size=18, align=WD_ALIGN_PARAGRAPH.CENTER)
    paragraph(w("case_no", id=row.id), align=WD_ALIGN_PARAGRAPH.CENTER)
    paragraph(w("addressee"))
    class_name = row.class_name or "—"
    # Out of school since the first unexcused day of the run that opened the case (the case opens on its Nth).
    away = [day for day, kind, _ in detail.absences if kind == "unexcused" and day <= row.opened_on]
    since = away[-1] if away else row.opened_on
    for day in reversed(away[:-1]):
        if (since - day).days > 4:  # a gap longer than a weekend: an earlier, separate absence
            break
        since = day
    paragraph(w("opening", school=school, class_name=class_name, name=row.pupil_name,
                opened=_date(lang, since), trigger=text(lang, f"dropouts.trigger.{row.trigger}")),
              indent=True)

    def table(headers: list[str], rows: list[list[str]]):
        grid = document.add_table(rows=1, cols=len(headers))
        grid.style = "Table Grid"
        for cell, header in zip(grid.rows[0].cells, headers, strict=True):
            cell.text = header
            for run in cell.paragraphs[0].runs:
                run.bold = True
        for values in rows:
            cells = grid.add_row().cells
            for cell, value in zip(cells, values, strict=True):
                cell.text = value
        return grid

    paragraph(w("section_pupil"), bold=True)
    gender = text(lang, f"pupils.gender.{pupil.gender}") if pupil.gender in ("m", "f") else pupil.gender
    table([w("field"), w("value")], [
        [w("school"), school],
        [w("pupil"), pupil.name],
        [w("student_no"), pupil.student_no],
        [w("gender"), gender],
        [w("birth_date"), _date(lang, pupil.birth_date)],
        [w("class"), class_name],
        [w("address"), pupil.address or "—"],
        [w("homeroom_teacher"), row.homeroom_teacher or "—"],
        [w("care_teacher"), row.care_teacher or "—"],
        [w("reason"), detail.reason or "—"],
    ])

    paragraph(w("section_family"), bold=True)
    if guardians:
        table([w("relation"), w("name"), w("phone"), w("where")], [
            [text(lang, f"pupils.relation.{g.relation}") if g.relation in RELATIONS else g.relation, g.name,
             g.phone or "—", (g.work_place if g.away else g.address) or "—"] for g in guardians])
    else:
        paragraph(w("none"))

    paragraph(w("section_absences"), bold=True)
    if detail.absences:
        table([w("date"), w("kind"), w("note")], [
            [_date(lang, day), text(lang, f"attendance.kind.{kind}"), note or ""] for day, kind, note in detail.absences])
    else:
        paragraph(w("none"))

    paragraph(w("section_attempts"), bold=True)
    if detail.attempts:
        table([w("date"), w("by_whom"), w("with_whom"), w("method"), w("outcome")], [
            [_date(lang, a.date), a.by_whom, a.with_whom, text(lang, f"dropouts.method.{a.method}"), a.outcome]
            for a in detail.attempts])
    else:
        paragraph(w("none"))

    paragraph(w("section_request"), bold=True)
    paragraph(detail.request or w("default_request", name=row.pupil_name), indent=True)
    paragraph(w("closing"), indent=True)

    paragraph()
    paragraph(w("signature"), align=WD_ALIGN_PARAGRAPH.RIGHT)
    paragraph(w("stamp", school=school), align=WD_ALIGN_PARAGRAPH.RIGHT)
    paragraph(_date(lang, today), align=WD_ALIGN_PARAGRAPH.RIGHT)
    paragraph()
    paragraph(w("copies"), size=10)
    return document


RELATIONS = ("father", "mother", "grandfather", "grandmother", "other")
