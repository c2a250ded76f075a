"""Long values cut short before a message quotes them, so a refusal stays one readable line."""
from __future__ import annotations

ECHO_LIMIT = 40  # characters of a refused value a message repeats; enough to find it, never the whole of a pasted file


def shorten(text: str, limit: int = ECHO_LIMIT) -> str:
    """`text` as a message quotes it: at most `limit` characters, then an ellipsis (the same in both languages)."""
    return text if len(text) <= limit else f"{text[:limit]}…"
