"""The base of a tab in the child-protection area (ui/kit/tabbed.py's AreaPane, under the area's name)."""
from __future__ import annotations

from schoolcare.ui.kit.tabbed import AreaPane


class ProtectionPane(AreaPane):
    """One tab of the child-protection area."""
