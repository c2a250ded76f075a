"""The admin area's backup (备份): the coordinator backs up to a dated file in the data directory, owner-only and
audited; a missing folder is said on the form."""
from __future__ import annotations

import stat
from pathlib import Path

from textual.widgets import Input

from schoolcare.services import audit
from schoolcare.ui.accounts.dialogs import BackupDialog
from tests.ui.conftest import SIZE
from tests.ui.helpers import fill, screen_text, settle
from tests.ui.test_admin import open_admin


async def test_the_coordinator_backs_up_from_the_admin_area(app_for, school, tmp_path):
    app = app_for(school.coordinator, lang="en")
    async with app.run_test(size=SIZE) as pilot:
        await open_admin(pilot)
        await pilot.press("b")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, BackupDialog)
        assert "schoolcare db restore" in screen_text(pilot)  # restoring is said to be on the command line
        default = dialog.query_one("#path", Input).value
        assert "/backups/schoolcare-backup-" in default and default.endswith(".db")
        await fill(pilot, path=str(tmp_path / "missing" / "copy.db"))
        await pilot.click("#save")
        await settle(pilot)
        assert app.screen is dialog and "does not exist" in screen_text(pilot)
        await fill(pilot, path=default)
        await pilot.click("#save")
        await settle(pilot)
        assert app.screen is not dialog
    assert stat.S_IMODE(Path(default).stat().st_mode) == 0o600
    assert [row.action for row in audit.recent(school.coordinator, 5)][0] == "backup"

