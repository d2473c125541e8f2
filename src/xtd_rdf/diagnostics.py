"""One type for every warning and error, from every stage, printed the way compilers do."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Severity(StrEnum):
    """How bad a finding is; errors make the export exit 1."""

    INFO = "info"
    WARNING = "warning"
    ERROR = "error"


@dataclass(frozen=True, order=True)
class Diagnostic:
    """A finding about one place of the vault: `path:line: severity: message (hint)`."""

    path: str
    line: int
    severity: Severity
    code: str
    message: str
    hint: str = ""

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else (self.path or "xtd-rdf")
        text = f"{where}: {self.severity.value}: {self.message}"
        return f"{text} — {self.hint}" if self.hint else text


def warning(path: str, line: int, code: str, message: str, hint: str = "") -> Diagnostic:
    return Diagnostic(path, line, Severity.WARNING, code, message, hint)


def error(path: str, line: int, code: str, message: str, hint: str = "") -> Diagnostic:
    return Diagnostic(path, line, Severity.ERROR, code, message, hint)


def info(path: str, line: int, code: str, message: str, hint: str = "") -> Diagnostic:
    return Diagnostic(path, line, Severity.INFO, code, message, hint)
