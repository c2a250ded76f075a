"""Words of the headless commands' own lines (schoolcare/commands/*.py, cli.py): written files, summaries, faults."""
from __future__ import annotations

STRINGS = {
    # A label and what it names, one line ("X：Y" in Chinese); commands/context.py labelled().
    "cli.labelled": ("{label}：{text}", "{label}: {text}"),
    "cli.list_sep": ("、", ", "),  # between the items of a list in a line (commands/context.py listed())
    # The file an export wrote, named by what it holds (print_files); the English names are the commands' kinds,
    # as before, so a script reading English output still finds them.
    "cli.file.readiness": ("中心达标情况", "readiness"),
    "cli.file.hazards": ("隐患整改台账", "hazards"),
    "cli.file.term-report": ("学期报告", "term-report"),
    "cli.file.quarterly": ("季度台账", "quarterly"),
    "cli.file.incidents": ("事件台账", "incidents"),
    "cli.file.county-ledger": ("全县总账", "county-ledger"),
    "cli.file.county-quarterly": ("全县季度汇总", "county-quarterly"),
    "cli.file.county-term-report": ("全县学期汇总", "county-term-report"),
    # export quarterly: the ledger written, what changed, and the submission recorded
    "cli.quarterly.summary": ("{quarter}：{n} 名学生；新增 {new}，离开 {left}，状态变化 {status}，监护人变化 {guardian}；"
                              "{base}",
                              "{quarter}: {n} pupils; new {new}, left {left}, status changed {status}, guardian "
                              "changed {guardian}; {base}"),
    "cli.quarterly.since": ("与 {date} 报送的 {quarter} 台账相比", "since the submission of {date} ({quarter})"),
    "cli.quarterly.first": ("首次报送，没有可比较的上次台账", "first submission: nothing to compare with"),
    "cli.quarterly.recorded": ("已登记为 {date} 由 {by} 报送", "recorded as submitted on {date} by {by}"),
    # export term-report: which term, as of when
    "cli.term_report.as_of": ("{term}：截至 {date}", "{term}: as of {date}"),
    # db upgrade: the database server and what was done
    "cli.db_state": ("{backend} {version}：{done}", "{backend} {version}: {done}"),
    "cli.interrupted": ("已中断", "interrupted"),
}
