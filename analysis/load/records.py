"""Records: decoded text becomes article-table rows, checked.

A text file is one article, with optional YAML front matter for its metadata; a table
(``.csv``, ``.jsonl``, ``.parquet``) is one article a row. Each article is checked (it has
text, and more than a title) and described as a row of the article table; what is wrong
is an :class:`~analysis.errors.InputError` naming the file and its line or row.

Front matter is parsed here, not with python-frontmatter: the article table keeps the
whole text and the offset where its body starts (``body_start``), which python-frontmatter
does not give. Measured with benchmarks/input_libraries.py (python-frontmatter 1.3): it
reads front matter opened and never closed as no front matter at all, where the loader
says so, and with Windows line endings the body it returns is nowhere in the text, so
no offset could be found (tests/load/test_inputs.py: test_front_matter_never_closed_...,
test_front_matter_with_windows_line_endings_...).
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from pathlib import Path

import pandas as pd
import yaml
from tqdm.auto import tqdm

from ..errors import InputError
from .decode import (
    ENCODING_HINT,
    SAMPLE_BYTES,
    decode_entities,
    decode_line,
    decode_text,
    numbered_lines,
    read_bytes,
    text_encoding,
)
from .paragraphs import TITLE_MAX_WORDS, find_title
from .text import LINE_BREAK, WORD, ends_like_sentence, paragraph_blocks

__all__ = [
    "METADATA_COLUMNS",
    "PROGRESS_THRESHOLD",
    "check_unique_ids",
    "skipped_entry",
    "table_records",
    "text_file_record",
]


METADATA_COLUMNS = ("title", "outlet", "date", "url")


PROGRESS_THRESHOLD = 200  # files or table rows before a progress bar is worth showing


_FRONT_MATTER = re.compile(r"---[^\S\r\n]*(?:\r\n|\r|\n)")


_FRONT_MATTER_END = re.compile(r"^---[^\S\r\n]*(?:\r\n|\r|\n|$)", re.MULTILINE)


def _front_matter(text: str, source: Path) -> tuple[dict, int]:
    """Parse YAML front matter; return the metadata and where the article body starts."""
    opening = _FRONT_MATTER.match(text)
    if not opening:
        return {}, 0
    closing = _FRONT_MATTER_END.search(text, opening.end())
    if not closing:
        raise InputError(
            source,
            "front matter opened with '---' is never closed",
            "End the metadata block with a line '---', or remove the first line",
            line=1,
        )
    block = text[opening.end() : closing.start()]
    try:
        meta = yaml.safe_load(block) or {}
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        line = mark.line + 2 if mark is not None else 1
        problem = getattr(err, "problem", None) or str(err).splitlines()[0]
        raise InputError(
            source, f"front matter is not valid YAML ({problem})", "Fix the YAML", line=line
        ) from None
    if not isinstance(meta, dict):
        raise InputError(
            source,
            "front matter is not a set of 'key: value' lines",
            "Write metadata as 'title: ...', 'outlet: ...', one per line",
            line=2,
        )
    return {str(k): v for k, v in meta.items()}, closing.end()


def _article_record(
    text: str,
    *,
    source: str,
    row: int | None,
    article_id: str,
    meta: dict,
    body_start: int = 0,
    notes: Sequence[str] = (),
) -> dict:
    """Check one article's text and describe it as an article-table row."""
    where = {"row": row} if row is not None else {}
    if not text[body_start:].strip():
        raise InputError(
            source,
            "has no text" if not text.strip() else "has metadata but no article text",
            "Add the article's text (a title line, then paragraphs separated by blank lines)",
            **where,
        )
    title = find_title(text, body_start)
    blocks = paragraph_blocks(text, body_start)
    if title is None and len(blocks) == 1 and _looks_like_title(text, *blocks[0]):
        title = (*blocks[0], "")
    if title is not None and not paragraph_blocks(text, title[1]):
        raise InputError(
            source,
            f"has only a title line ({text[title[0] : title[1]][:60]!r}) and no paragraphs",
            "Add the article's paragraphs after the title line",
            **where,
        )
    record = {
        "article_id": str(meta.pop("id", article_id)),
        "source": source,
        "source_row": row,
        "title": meta.pop("title", None) or (text[title[0] : title[1]] if title else ""),
    }
    for key in METADATA_COLUMNS[1:]:
        value = meta.pop(key, None)
        record[key] = None if value is None else str(value)
    record.update({key: value if value is None else str(value) for key, value in meta.items()})
    record["text"] = text
    record["body_start"] = body_start
    record["load_notes"] = "; ".join(notes)
    return record


def _looks_like_title(text: str, start: int, end: int) -> bool:
    """A lone short line without closing punctuation: a title with no article under it."""
    return (
        LINE_BREAK.search(text, start, end) is None
        and not ends_like_sentence(text, start, end)
        and len(WORD.findall(text, start, end)) <= TITLE_MAX_WORDS
    )


def text_file_record(path: Path, article_id: str, encoding: str) -> dict:
    """The article-table row of a text file: its decoded text, the metadata of its front
    matter, ``article_id`` unless the front matter gives an ``id``."""
    data = read_bytes(path)
    if not data.strip():
        raise InputError(path, "is empty", "Remove it or put an article in it")
    text, notes = decode_text(data, path, encoding)
    text = decode_entities(text, notes)
    meta, body_start = _front_matter(text, path)
    return _article_record(
        text,
        source=str(path),
        row=None,
        article_id=article_id,
        meta=meta,
        body_start=body_start,
        notes=notes,
    )


# A code point of a surrogate pair left alone: JSON can escape one ("\ud83d"), but it is
# no character, and nothing can write it as UTF-8 (pandas, Parquet, the terminal).
_SURROGATE = re.compile("[\ud800-\udfff]")


_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F][0-9a-fA-F]{2}")  # the only way one gets in


def _lone_surrogate(value: object) -> str | None:
    if isinstance(value, str):
        found = _SURROGATE.search(value)
        return found.group() if found else None
    if isinstance(value, dict):
        value = [*value.keys(), *value.values()]
    if isinstance(value, list):
        return next((s for s in map(_lone_surrogate, value) if s is not None), None)
    return None


def _json_object(raw: bytes | str, path: Path, number: int, encoding: str) -> dict | None:
    """One line of a JSON Lines file as an object; ``None`` for a blank line."""
    # A byte-order mark may open any line (files joined together).
    line = decode_line(raw, path, number, encoding).lstrip("\ufeff")
    if not line.strip():
        return None
    try:
        value = json.loads(line)
    except json.JSONDecodeError as err:
        raise InputError(
            path,
            f"line is not valid JSON ({err.msg} at column {err.colno})",
            "Each line of a JSON Lines file must hold one JSON object",
            line=number,
        ) from None
    if not isinstance(value, dict):
        raise InputError(
            path,
            f"line holds a JSON {type(value).__name__}, not an object",
            'Write one object per line, like {"text": "..."}',
            line=number,
        )
    surrogate = _lone_surrogate(value) if _SURROGATE_ESCAPE.search(line) else None
    if surrogate is not None:
        escape = f"\\u{ord(surrogate):04x}"
        column = line.lower().find(escape) + 1
        raise InputError(
            path,
            f"line holds a lone surrogate escape ({escape}"
            + (f" at column {column}" if column else "")
            + "), half of a pair that makes one character",
            "Replace it with the character meant (often an emoji cut in half), or remove it",
            line=number,
        )
    return value


def _read_jsonl(path: Path, encoding: str, *, on_error: str, skipped: list) -> pd.DataFrame:
    """The objects of a JSON Lines file, indexed by line; with ``on_error="skip"`` a bad
    line is listed in ``skipped`` and the others are read."""
    data = read_bytes(path)
    encoding = text_encoding(data, path, encoding)
    records, lines = [], []
    for number, raw in numbered_lines(data, path, encoding):
        try:
            value = _json_object(raw, path, number, encoding)
        except InputError as err:
            if on_error != "skip":
                raise
            skipped.append(skipped_entry(str(path), err))
            continue
        if value is not None:
            records.append(value)
            lines.append(number)
    frame = pd.DataFrame.from_records(records)
    frame.index = pd.Index(lines, name="line")
    return frame


def _read_table(path: Path, encoding: str, *, on_error: str, skipped: list) -> pd.DataFrame:
    suffix = path.suffix.lower()
    try:
        if suffix in (".jsonl", ".ndjson"):
            return _read_jsonl(path, encoding, on_error=on_error, skipped=skipped)
        if suffix == ".csv":
            with path.open("rb") as handle:
                head = handle.read(SAMPLE_BYTES)
            encoding = text_encoding(head, path, encoding)
            frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding=encoding)
            frame.index = pd.RangeIndex(1, len(frame) + 1, name="row")
            return frame
        frame = pd.read_parquet(path)
        frame.index = pd.RangeIndex(1, len(frame) + 1, name="row")
        return frame
    except InputError:
        raise
    except UnicodeDecodeError as err:
        raise InputError(path, f"is not valid {encoding} ({err.reason})", ENCODING_HINT) from None
    except (pd.errors.ParserError, pd.errors.EmptyDataError, OSError, ValueError) as err:
        message = str(err).strip().splitlines()[0] if str(err).strip() else type(err).__name__
        raise InputError(
            path,
            f"cannot be read as a {suffix[1:]} table ({message})",
            "Check that the file is complete and in the format its name says",
        ) from None


def table_records(
    path: Path,
    stem: str,
    *,
    text_col: str,
    encoding: str,
    on_error: str,
    skipped: list,
    progress: bool | None = None,
) -> list[dict]:
    """The article-table rows of a table file, one per row (or line) with a text.

    ``stem`` names the rows without an ``id`` (``stem:row``). A bad row raises an
    :class:`~analysis.errors.InputError` naming its row or line, or with
    ``on_error="skip"`` is listed in ``skipped`` and left out.
    """
    listed = len(skipped)
    frame = _read_table(path, encoding, on_error=on_error, skipped=skipped)
    if frame.columns.empty and len(skipped) > listed:
        return []  # every line was bad, and each is listed
    if text_col not in frame.columns:
        raise InputError(
            path,
            f"has no {text_col!r} column (columns: {', '.join(map(str, frame.columns)) or 'none'})",
            "Rename the column that holds the article text, or pass text_col=",
        )
    line_numbers = frame.index.name == "line"
    records = []
    show = len(frame) > PROGRESS_THRESHOLD if progress is None else progress
    rows = zip(frame.index, frame.to_dict("records"), strict=True)
    for number, row in tqdm(
        rows, total=len(frame), desc=f"Reading {path.name}", unit="row", disable=not show
    ):
        place = {"line": number} if line_numbers else {"row": number}
        try:
            records.append(_row_record(row, path, stem, int(number), text_col, place))
        except InputError as err:
            if on_error != "skip":
                if err.line is None and err.row is None:
                    err = InputError(path, err.problem, err.hint, **place)
                raise err from None
            skipped.append(skipped_entry(str(path), err, **place))
    return records


def _row_record(row: dict, path: Path, stem: str, number: int, text_col: str, place: dict):
    """The article-table row of one table row; ``place`` is its line or row, for errors."""
    text = row.pop(text_col)
    meta = {k: v for k, v in row.items() if v is not None and not _is_missing(v)}
    meta = {k: v for k, v in meta.items() if not (isinstance(v, str) and v == "")}
    if not isinstance(text, str):
        raise InputError(
            path,
            f"{text_col!r} is {'missing' if _is_missing(text) else type(text).__name__}",
            f"Give every row a text in the {text_col!r} column",
            **place,
        )
    notes: list[str] = []
    text = decode_entities(text.removeprefix("\ufeff"), notes)
    return _article_record(
        text,
        source=str(path),
        row=number,
        article_id=f"{stem}:{number}",
        meta=meta,
        notes=notes,
    )


def _is_missing(value: object) -> bool:
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def skipped_entry(source: str, err: InputError, *, line=None, row=None) -> dict:
    """The entry of ``articles.attrs["skipped"]`` for an input left out because of ``err``."""
    return {
        "source": source,
        "line": err.line if err.line is not None else line,
        "row": err.row if err.row is not None else row,
        "problem": err.problem,
        "hint": err.hint,
    }


def check_unique_ids(ids: pd.Series, sources: pd.Series) -> None:
    """Raise an :class:`~analysis.errors.InputError` naming the files of the first article
    id used more than once."""
    duplicated = ids.duplicated(keep=False)
    if duplicated.any():
        first = ids[duplicated].iloc[0]
        named = sources[ids == first].tolist()
        raise InputError(
            named[0],
            f"article id {first!r} is used more than once (also in {', '.join(named[1:])})",
            "Give every article its own id",
        )
