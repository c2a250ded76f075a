"""Text that wraps as Chinese is read: between any two characters of a sentence, at spaces between Latin words,
never inside a short word such as a name, never leaving a number alone on a line or starting a line with
closing punctuation.

Textual (like Rich) wraps at spaces only, so "2 名留守儿童还没有……" in a narrow panel put the "2" on a line
by itself and the sentence on the next ones. `wrap_lines` breaks where a reader expects; `WrappedText` is a
Static that re-wraps whenever its width changes.
"""
from __future__ import annotations

import re

from rich.cells import cell_len
from textual.widgets import Static

_WIDE = "\u2e80-\u9fff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef\u3000-\u303f"
_TOKEN = re.compile(rf"[{_WIDE}]|[^\s{_WIDE}]+|\s+")
_NO_LINE_START = set("，。、；：？！）》」』】”’,.;:?!)%")


_SHORT = 4  # a Chinese word of up to this many characters between spaces (a name: 胡成杰) is never split


def _tokens(line: str) -> list[str]:
    tokens: list[str] = []
    for chunk in re.findall(r"\s+|\S+", line):
        if chunk.isspace() or len(chunk) <= _SHORT or not re.search(rf"[{_WIDE}]", chunk):
            tokens.append(chunk)
        else:
            tokens.extend(_TOKEN.findall(chunk))
    return tokens


def wrap_lines(text: str, width: int) -> list[str]:
    """`text` folded to `width` cells; each of its own lines is wrapped separately, keeping its indent."""
    if width <= 0:
        return text.split("\n")
    out: list[str] = []
    for line in text.split("\n"):
        indent = line[: len(line) - len(line.lstrip(" "))]
        current: list[str] = []
        used = 0
        for token in _tokens(line):
            size = cell_len(token)
            if used + size <= width or not current or token.isspace():
                if not (token.isspace() and used + size > width):
                    current.append(token)
                    used += size
                continue
            carry: list[str] = []
            if token[0] in _NO_LINE_START:
                # The character before goes down with the closing mark (with any marks between them).
                while len(current) > 1 and (not carry or carry[0][0] in _NO_LINE_START):
                    carry.insert(0, current.pop())
            out.append("".join(current).rstrip())
            continuation = indent if cell_len(indent) < width // 2 else ""
            current = [continuation, *carry, token]
            used = sum(cell_len(part) for part in current)
        out.append("".join(current).rstrip())
    return out


class WrappedText(Static):
    """A Static (markup off) whose text is wrapped by wrap_lines at its current width."""

    def __init__(self, text: str = "", **options) -> None:
        options.setdefault("markup", False)
        super().__init__(text, **options)
        self._raw = text

    def update(self, content="", *, layout: bool = True) -> None:  # type: ignore[override]
        self._raw = str(content)
        super().update(self._wrapped(), layout=layout)

    def _wrapped(self) -> str:
        return "\n".join(wrap_lines(self._raw, self.content_region.width))

    def on_resize(self) -> None:
        super().update(self._wrapped())

    @property
    def raw_text(self) -> str:
        return self._raw
