"""Words of the progress lines `schoolcare generate` (and the demo's first build) print on stderr
(schoolcare/demo/generate*.py); the account lines a script reads are the commands' (cli.generated_account)."""
from __future__ import annotations

STRINGS = {
    "demo.progress.start": ("正在生成 {schools} 所学校的 {pupils:,} 名学生，记录从 {start} 到 {today}（{days} 个上学日）",
                            "generating {pupils:,} pupils in {schools} school(s), records {start} .. {today} "
                            "({days} school days)"),
    "demo.progress.school": ("第 {index}/{schools} 所学校 {name}：{pupils:,} 名学生（留守儿童 {left_behind:,} 名，"
                             "其他困境儿童 {more:,} 名，{unassigned} 名没有关爱责任人），{classes} 个班级，"
                             "{staff} 名教职工，{rows:,} 行",
                             "school {index}/{schools} {name}: {pupils:,} pupils ({left_behind:,} left-behind, "
                             "{more:,} more in difficulty, {unassigned} without a care teacher), {classes} classes, "
                             "{staff} staff, {rows:,} rows"),
    # A big table's load, indented under its school (the table's name is the database's own).
    "demo.progress.table": ("  {table}：{rows:,} 行", "  {table}: {rows:,} rows"),
    "demo.progress.indexes": ("正在建立 {n} 个索引和约束", "building {n} indexes and keys"),
    "demo.progress.done": ("完成：共 {rows:,} 行", "done: {rows:,} rows"),
}
