"""Textual's footer, recomposed only when the keys it shows change.

Textual's Footer rebuilds every key it shows each time the screen's bindings may have changed: a form's first
focus alone signals that three times (the auto-focus, the screen resuming, and again after the refresh), and
each FooterKey mounts, is styled against the whole stylesheet and paints (about 2 ms a key). This footer
gathers the signals of one refresh into one look, and recomposes only if the keys, their words or their
enabled state differ from what it shows; its keys are made with its compactness rather than restyled to it.
"""
from __future__ import annotations

from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Footer as TextualFooter
from textual.widgets._footer import FooterKey


class Footer(TextualFooter):
    _shown: tuple[object, ...] | None = None
    _due = False

    def compose(self) -> ComposeResult:
        for widget in super().compose():
            if isinstance(widget, FooterKey) and not widget.has_class("-command-palette"):  # that one stays compact
                # Born with the footer's compact, which Textual binds them to (they start compact, then are
                # restyled twice over: compact on mount, then not, when the binding reaches them).
                widget.set_reactive(FooterKey.compact, self.compact)
            yield widget

    def bindings_changed(self, screen: Screen) -> None:
        self._bindings_ready = True
        if not screen.app.app_focus:
            return
        if self.is_attached and screen is self.screen and not self._due:
            self._due = True
            self.call_after_refresh(self._refresh_keys)

    def _keys(self) -> tuple[object, ...]:
        """What compose() would show: each shown binding's key, words and state, and the footer's own options."""
        keys = tuple((binding.key, binding.action, binding.description, binding.tooltip, binding.group, enabled,
                      tooltip, self.app.get_key_display(binding))
                     for (_node, binding, enabled, tooltip) in self.screen.active_bindings.values() if binding.show)
        palette = self.screen.active_bindings.get(self.app.COMMAND_PALETTE_BINDING)
        return keys, self.compact, self.show_command_palette, palette and palette[1:]

    async def _refresh_keys(self) -> None:
        self._due = False
        if not self.is_attached:
            return
        keys = self._keys()
        if keys != self._shown:
            self._shown = keys
            await self.recompose()
