"""Errors and warnings that tell the user which input is at fault and what to do."""

from __future__ import annotations

from pathlib import Path

__all__ = ["InputError", "SkippedInputWarning"]


class InputError(ValueError):
    """An input file, folder or table that cannot be read as articles.

    The message names the file (and line or row where there is one), says what is
    wrong and what to do about it.
    """

    def __init__(
        self,
        source: str | Path,
        problem: str,
        hint: str = "",
        *,
        line: int | None = None,
        row: int | None = None,
    ):
        self.source = str(source)
        self.problem = problem
        self.hint = hint
        self.line = line
        self.row = row
        where = self.source
        if line is not None:
            where += f":{line}"
        if row is not None:
            where += f" (row {row})"
        message = f"{where}: {problem}"
        if hint:
            message += f". {hint}"
        super().__init__(message)

    def __reduce__(self):  # rebuilt whole when raised in a worker process
        return _rebuild, (self.source, self.problem, self.hint, self.line, self.row)


def _rebuild(source, problem, hint, line, row) -> InputError:
    return InputError(source, problem, hint, line=line, row=row)


class SkippedInputWarning(UserWarning):
    """Some files or rows were skipped because ``on_error="skip"`` was asked for."""
