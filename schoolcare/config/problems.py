"""ConfigProblem (one mistake in a config file: file, line, key, and what is wrong as a code and its values), Phrase
(words inside one, such as a type or a hint) and ConfigError."""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any


def _plain(code: str, params: Mapping[str, Any]) -> str:
    """A code and its values as a log shows them (people read the catalog's words: commands/context.py)."""
    values = ", ".join(f"{name}={value if isinstance(value, Phrase) else repr(value)}" for name, value in params.items())
    return f"{code}({values})" if values else code


@dataclass(frozen=True)
class Phrase:
    """Words inside a problem, said in the reader's language too (a type, a hint, what was expected): the code of
    its words (the catalog's error.<code>) and their values."""

    code: str
    params: Mapping[str, Any] = field(default_factory=dict, hash=False)

    def __str__(self) -> str:
        return _plain(self.code, self.params)


def located(file: str, line: int, key: str, words: str) -> str:
    """`file:line: key: words` (the line left out when there is none, the key when the whole file is meant)."""
    where = f"{file}:{line}" if line > 0 else file
    return f"{where}: {key}: {words}" if key else f"{where}: {words}"


@dataclass(frozen=True)
class ConfigProblem:
    """One mistake: the file name, the 1-based line (0 when there is none), the key path, and what is wrong as a
    code (the catalog's error.<code>, rendered where the problem is shown) with its values; a value may be a
    Phrase (words of their own) or a tuple (a list, such as the values allowed)."""

    file: str
    line: int
    key: str
    code: str
    params: Mapping[str, Any] = field(default_factory=dict, hash=False)

    def __str__(self) -> str:
        return located(self.file, self.line, self.key, _plain(self.code, self.params))


class ConfigError(Exception):
    """The config directory cannot be loaded; `.problems` lists every mistake found."""

    def __init__(self, problems: list[ConfigProblem]) -> None:
        self.problems = list(problems)
        super().__init__("\n".join(str(problem) for problem in self.problems))
