"""Words of the county (R14): county accounts and offices, schools side by side, county ledgers, inbox, transfers."""
from __future__ import annotations

STRINGS: dict[str, tuple[str, str]] = {
    "role.county": ("县级账号", "county officer"),
    "office.education_bureau": ("教育局", "education bureau"),
    "office.civil_affairs": ("民政局", "civil affairs bureau"),
    "office.township": ("乡镇", "township"),
    "error.permission.view_county": ("只有县级账号可以查看全县各校", "only a county account may view the county"),
    "error.permission.handle_inbox": ("只有县级账号可以办理报送给县里的报告",
                                      "only a county account may handle the reports sent to the county"),
    "error.county.school_not_found": ("找不到这所学校（{id}），或不在您的账号可查看的范围内",
                                      "no school {id}, or not one your account reads"),
}
