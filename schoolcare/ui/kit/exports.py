"""Where an export goes: a path on this PC in a terminal; the person's own browser, as a download, in a browser
session (`schoolcare serve`), where a path on the server's disk would mean nothing to them.

Every export dialog asks these three: `default_target` fills its file field, `target_path` turns what was typed
into the path the service writes, `hand_over` delivers the written files and says where they went.
"""
from __future__ import annotations

import tempfile
from pathlib import Path

from textual.app import App

from schoolcare.i18n import t

_session_folder: Path | None = None  # a browser session's private folder (0700) for files on their way out


def _folder(app: App) -> Path:
    global _session_folder
    if not app.is_web:
        return Path.home()
    if _session_folder is None or not _session_folder.is_dir():
        _session_folder = Path(tempfile.mkdtemp(prefix="schoolcare-export-"))
    return _session_folder


def _on_app_thread(app: App, function, *args, **kwargs):
    """Call on the app's thread (the driver writes to the browser from there), from a worker or from it."""
    try:
        return app.call_from_thread(function, *args, **kwargs)
    except RuntimeError:  # already on the app's thread
        return function(*args, **kwargs)


def default_target(app: App, file_name: str) -> str:
    """What the file field starts with: a full path in a terminal, only the file name in a browser."""
    return file_name if app.is_web else str(_folder(app) / file_name)


def target_path(app: App, typed: str) -> tuple[Path | None, str]:
    """The path to write and, when there is none, why (words for the file field)."""
    typed = typed.strip()
    if app.is_web:
        name = Path(typed).name
        return (_folder(app) / name, "") if name else (None, t("export.no_name"))
    path = Path(typed).expanduser()
    if not path.name:
        return None, t("export.no_name")
    if not path.parent.is_dir():
        return None, t("export.no_folder", folder=str(path.parent))
    return path, ""


def hand_over(app: App, files: list[Path]) -> str:
    """Send written files to the browser as downloads (terminal: they stay where written); the files in words,
    for the dialog's "exported: {files}"."""
    separator = t("export.list_sep")
    if not app.is_web:
        return separator.join(str(path) for path in files)
    for path in files:
        _on_app_thread(app, app.deliver_binary, path, save_filename=path.name)  # opens the file, streams it
        path.unlink(missing_ok=True)  # the open file stays readable until delivered; nothing lingers on disk
    return t("export.downloading", files=separator.join(path.name for path in files))
