"""Finding and decoding inputs: files, folders, globs and tables become the article table.

``load_articles`` gives one row per article. Bad input raises an
:class:`~analysis.errors.InputError` that names the file (and line or row) and says what
to do; ``on_error="skip"`` lists what it left out instead (a bad line of a JSON Lines
file is that line, not the file). ``find_inputs`` lists the files of an input it does not
read, and why: links to folders are followed, each folder once, and loops are listed.
"""

from __future__ import annotations

import codecs
import errno
import fnmatch
import html
import json
import os
import re
import stat
import warnings
from collections.abc import Callable, Sequence
from pathlib import Path

import pandas as pd
import yaml
from tqdm.auto import tqdm

from ..errors import InputError, SkippedInputWarning
from ..paths import resolve_input
from .paragraphs import TITLE_MAX_WORDS, find_title
from .text import LINE_BREAK, WORD, ends_like_sentence, paragraph_blocks

__all__ = [
    "METADATA_COLUMNS",
    "TABLE_SUFFIXES",
    "TEXT_SUFFIXES",
    "check_reading_options",
    "check_unique_ids",
    "find_inputs",
    "load_articles",
    "no_article_error",
    "read_articles",
    "warn_not_read",
]


TEXT_SUFFIXES = (".txt", ".md", ".text")


TABLE_SUFFIXES = (".csv", ".jsonl", ".ndjson", ".parquet")


METADATA_COLUMNS = ("title", "outlet", "date", "url")


_PROGRESS_THRESHOLD = 200  # files or table rows before a progress bar is worth showing


_FRONT_MATTER = re.compile(r"---[^\S\r\n]*(?:\r\n|\r|\n)")


_FRONT_MATTER_END = re.compile(r"^---[^\S\r\n]*(?:\r\n|\r|\n|$)", re.MULTILINE)


_SAMPLE = 8192  # bytes looked at to tell text from binary


_CONVERT_HINT = (
    "Convert it to text first (save or export it as plain text, UTF-8), or move it out of the input"
)


_ENCODING_HINT = (
    "Re-save the file as UTF-8, or give its encoding: encoding='cp1252' in Python, "
    "-p encoding cp1252 with media-bias run"
)


# How binary files start; a ZIP archive is named for what it holds where it says.
_SIGNATURES = (
    (b"%PDF-", "a PDF document"),
    (b"PK\x03\x04", "a ZIP archive"),
    (b"PK\x05\x06", "a ZIP archive"),
    (b"PK\x07\x08", "a ZIP archive"),
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Microsoft Office document (.doc, .xls)"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"\xfd7zXZ\x00", "an xz archive"),
    (b"PAR1", "a Parquet table; name it .parquet"),
    (b"SQLite format 3\x00", "an SQLite database"),
    (b"\x7fELF", "a program"),
)


_ZIP_KINDS = (
    (b"word/", "a Word document (.docx, a ZIP archive)"),
    (b"xl/", "an Excel workbook (.xlsx, a ZIP archive)"),
    (b"ppt/", "a PowerPoint file (.pptx, a ZIP archive)"),
    (b"mimetypeapplication/epub+zip", "an EPUB e-book (a ZIP archive)"),
    (b"mimetypeapplication/vnd.oasis.opendocument", "an OpenDocument file (a ZIP archive)"),
)


# Control bytes no text holds in an ASCII-compatible encoding. Tab, line breaks, form
# feed and vertical tab (Word's line break) are text; so are ESC, SO and SI (ISO-2022
# escapes, terminal colours) and 0x1e/0x1f (Word's hyphens).
_CONTROL_BYTES = bytes([*range(0x01, 0x09), *range(0x10, 0x1B), 0x1C, 0x1D, 0x7F])


_BYTE_ORDER_MARKS = (
    (codecs.BOM_UTF32_LE, "utf-32"),  # before UTF-16: it starts with the UTF-16 LE mark
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def _codec(encoding: str) -> str:
    """The codec's own name: ``"UTF_16_LE"`` and ``"utf16le"`` are both ``"utf-16-le"``."""
    return codecs.lookup(encoding).name


def _is_wide(encoding: str) -> bool:
    """UTF-16 and UTF-32: NUL bytes are text in them."""
    return _codec(encoding).startswith(("utf-16", "utf-32"))


def _ascii_compatible(encoding: str) -> bool:
    """Line breaks, braces and quotes are their ASCII bytes (not UTF-16/32, not EBCDIC)."""
    probe = b'\r\n{}"'
    try:
        return probe.decode(encoding) == probe.decode("ascii")
    except (UnicodeDecodeError, LookupError):
        return False


def _byte_order_mark(data: bytes, encoding: str, notes: list[str]) -> str:
    """The encoding a UTF-16 or UTF-32 byte-order mark at the start says, else ``encoding``."""
    for mark, wide in _BYTE_ORDER_MARKS:
        if data.startswith(mark):  # Windows "Unicode"
            notes.append(
                f"read as {wide.upper()} (it starts with a {wide.upper()} byte-order mark)"
            )
            return wide
    return encoding


def _signature(head: bytes) -> str | None:
    """What a file starting with ``head`` is, if it starts like a known binary format."""
    for magic, kind in _SIGNATURES:
        if head.startswith(magic):
            if kind == "a ZIP archive":
                return next((k for name, k in _ZIP_KINDS if name in head), kind)
            return kind
    return None


def _wide_without_mark(head: bytes) -> str | None:
    """``"utf-16-le"`` (or -be, or UTF-32) when NUL bytes fall where that text has them."""
    n = len(head) // 4 * 4
    if n < 8:
        return None
    z0, z1, z2, z3 = (head[i:n:4].count(0) / (n // 4) for i in range(4))
    if z2 > 0.9 and z3 > 0.9 and z0 < 0.1:
        return "utf-32-le"
    if z0 > 0.9 and z1 > 0.9 and z3 < 0.1:
        return "utf-32-be"
    if z1 > 0.3 and z3 > 0.3 and z0 < 0.1 and z2 < 0.1:
        return "utf-16-le"
    if z0 > 0.3 and z2 > 0.3 and z1 < 0.1 and z3 < 0.1:
        return "utf-16-be"
    return None


def _refuse_binary(data: bytes, source: str | Path, encoding: str) -> None:
    """Raise unless ``data`` can be text in ``encoding``.

    Binary is: a known file signature; NUL bytes, unless the encoding is UTF-16 or UTF-32
    (a UTF-16 file without a byte-order mark is named as such); in an ASCII-compatible
    encoding, more than 1% control bytes that no text holds.
    """
    head = data[:_SAMPLE]
    kind = _signature(head)
    if kind is not None:
        raise InputError(source, f"looks like a binary file ({kind}), not text", _CONVERT_HINT)
    if _is_wide(encoding):
        return
    nul = head.find(b"\x00")
    if nul != -1:
        wide = _wide_without_mark(head)
        if wide is not None:
            raise InputError(
                source,
                f"looks like {wide.upper()} text without a byte-order mark "
                "(NUL bytes between the letters)",
                f"Give its encoding: encoding='{wide}' in Python, -p encoding {wide} with "
                "media-bias run; or re-save it as UTF-8",
            )
        raise InputError(
            source, f"looks like a binary file (NUL byte at byte {nul}), not text", _CONVERT_HINT
        )
    controls = len(head) - len(head.translate(None, _CONTROL_BYTES))
    if controls >= 4 and controls > len(head) / 100 and _ascii_compatible(encoding):
        raise InputError(
            source,
            f"looks like a binary file ({controls} of its first {len(head)} bytes are "
            "control characters, which text does not hold), not text",
            _CONVERT_HINT,
        )


def _position(data: bytes, offset: int, encoding: str) -> tuple[int, int]:
    """Line and column (from 1) of byte ``offset``; the column counts bytes."""
    if _ascii_compatible(encoding):
        line_start = data.rfind(b"\n", 0, offset) + 1
        return data.count(b"\n", 0, offset) + 1, offset - line_start + 1
    before = data[:offset].decode(encoding, errors="replace")
    return before.count("\n") + 1, len(before) - (before.rfind("\n") + 1) + 1


def _not_valid(data: bytes, err: UnicodeDecodeError, source: str | Path, encoding: str):
    line, column = _position(data, err.start, encoding)
    return InputError(
        source,
        f"is not valid {encoding} (byte 0x{data[err.start]:02x} at column {column})",
        _ENCODING_HINT,
        line=line,
    )


def _decode(data: bytes, source: Path, encoding: str) -> tuple[str, list[str]]:
    """Decode file bytes, refusing binary files and naming the line of a bad byte."""
    notes: list[str] = []
    encoding = _byte_order_mark(data, encoding, notes)
    _refuse_binary(data, source, encoding)
    if data.startswith(codecs.BOM_UTF8) and _codec(encoding) == "utf-8":
        data = data[3:]
        notes.append("UTF-8 byte-order mark removed")
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as err:
        raise _not_valid(data, err, source, encoding) from None
    if "\r\n" in text:
        notes.append("Windows (CRLF) line endings kept; offsets count both characters")
    elif "\r" in text:
        notes.append("old Mac (CR) line endings kept")
    return text, notes


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


_ENTITY = re.compile(
    r"&(?:#\d{2,6}|#x[0-9a-fA-F]{2,5}|quot|amp|apos|lt|gt|nbsp|[lr][sd]quo|[mn]dash|hellip);"
)


def _decode_entities(text: str, notes: list[str]) -> str:
    """Decode HTML entities left in scraped text (``&quot;``, ``&#8220;``), with a note."""
    found = _ENTITY.findall(text)
    if not found:
        return text
    examples = ", ".join(sorted(set(found))[:3])
    notes.append(f"{len(found)} HTML entities decoded ({examples}); offsets count the decoded text")
    return html.unescape(text)


def _read_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as err:
        raise InputError(
            path, f"cannot be read ({err.strerror})", "Check its permissions"
        ) from None


def _read_text_file(path: Path, article_id: str, encoding: str) -> dict:
    data = _read_bytes(path)
    if not data.strip():
        raise InputError(path, "is empty", "Remove it or put an article in it")
    text, notes = _decode(data, path, encoding)
    text = _decode_entities(text, notes)
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


_BYTE_LINE_BREAK = re.compile(rb"\r\n|\r|\n")


# A code point of a surrogate pair left alone: JSON can escape one ("\ud83d"), but it is
# no character, and nothing can write it as UTF-8 (pandas, Parquet, the terminal).
_SURROGATE = re.compile("[\ud800-\udfff]")


_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F][0-9a-fA-F]{2}")  # the only way one gets in


def _jsonl_lines(data: bytes, path: Path, encoding: str):
    """``(line number, line)`` pairs; lines stay bytes in an ASCII-compatible encoding, so
    that a bad byte spoils only its own line."""
    if _ascii_compatible(encoding):
        return enumerate(_BYTE_LINE_BREAK.split(data), start=1)
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as err:
        raise _not_valid(data, err, path, encoding) from None
    return enumerate(LINE_BREAK.split(text), start=1)


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
    if isinstance(raw, bytes):
        try:
            raw = raw.decode(encoding)
        except UnicodeDecodeError as err:
            raise InputError(
                path,
                f"is not valid {encoding} (byte 0x{raw[err.start]:02x} at column {err.start + 1})",
                _ENCODING_HINT,
                line=number,
            ) from None
    line = raw.lstrip("\ufeff")  # a byte-order mark, on any line
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
    data = _read_bytes(path)
    encoding = _byte_order_mark(data, encoding, [])
    _refuse_binary(data, path, encoding)
    records, lines = [], []
    for number, raw in _jsonl_lines(data, path, encoding):
        try:
            value = _json_object(raw, path, number, encoding)
        except InputError as err:
            if on_error != "skip":
                raise
            skipped.append(_skip_row(str(path), err))
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
                head = handle.read(_SAMPLE)
            encoding = _byte_order_mark(head, encoding, [])
            _refuse_binary(head, path, encoding)
            frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding=encoding)
            frame.index = pd.RangeIndex(1, len(frame) + 1, name="row")
            return frame
        frame = pd.read_parquet(path)
        frame.index = pd.RangeIndex(1, len(frame) + 1, name="row")
        return frame
    except InputError:
        raise
    except UnicodeDecodeError as err:
        raise InputError(path, f"is not valid {encoding} ({err.reason})", _ENCODING_HINT) from None
    except (pd.errors.ParserError, pd.errors.EmptyDataError, OSError, ValueError) as err:
        message = str(err).strip().splitlines()[0] if str(err).strip() else type(err).__name__
        raise InputError(
            path,
            f"cannot be read as a {suffix[1:]} table ({message})",
            "Check that the file is complete and in the format its name says",
        ) from None


def _table_records(
    path: Path,
    stem: str,
    *,
    text_col: str,
    encoding: str,
    on_error: str,
    skipped: list,
    progress: bool | None = None,
) -> list[dict]:
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
    show = len(frame) > _PROGRESS_THRESHOLD if progress is None else progress
    rows = zip(frame.index, frame.to_dict("records"), strict=True)
    for number, row in tqdm(
        rows, total=len(frame), desc=f"Reading {path.name}", unit="row", disable=not show
    ):
        text = row.pop(text_col)
        meta = {k: v for k, v in row.items() if v is not None and not _is_missing(v)}
        meta = {k: v for k, v in meta.items() if not (isinstance(v, str) and v == "")}
        place = {"line": number} if line_numbers else {"row": number}
        try:
            if not isinstance(text, str):
                raise InputError(
                    path,
                    f"{text_col!r} is {'missing' if _is_missing(text) else type(text).__name__}",
                    f"Give every row a text in the {text_col!r} column",
                    **place,
                )
            notes: list[str] = []
            text = _decode_entities(text.removeprefix("\ufeff"), notes)
            records.append(
                _article_record(
                    text,
                    source=str(path),
                    row=int(number),
                    article_id=f"{stem}:{number}",
                    meta=meta,
                    notes=notes,
                )
            )
        except InputError as err:
            if on_error != "skip":
                if err.line is None and err.row is None:
                    err = InputError(path, err.problem, err.hint, **place)
                raise err from None
            skipped.append(_skip_row(str(path), err, **place))
    return records


def _is_missing(value: object) -> bool:
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def _skip_row(source: str, err: InputError, *, line=None, row=None) -> dict:
    return {
        "source": source,
        "line": err.line if err.line is not None else line,
        "row": err.row if err.row is not None else row,
        "problem": err.problem,
        "hint": err.hint,
    }


def _glob_base(pattern: str) -> Path:
    parts = Path(pattern).parts
    base = []
    for part in parts:
        if any(ch in part for ch in "*?["):
            break
        base.append(part)
    return Path(*base) if base else Path(".")


def _glob_match(pattern: Sequence[str], parts: Sequence[str]) -> bool:
    """Whether the path ``parts`` matches the glob ``pattern`` (``**`` is any number of
    folders, as in ``glob(recursive=True)``)."""
    if not pattern:
        return not parts
    if pattern[0] == "**":
        return any(_glob_match(pattern[1:], parts[i:]) for i in range(len(parts) + 1))
    return (
        bool(parts)
        and fnmatch.fnmatch(parts[0], pattern[0])
        and _glob_match(pattern[1:], parts[1:])
    )


def _may_hold(pattern: Sequence[str], parts: Sequence[str]) -> bool:
    """Whether files under the folder ``parts`` can match the glob ``pattern``."""
    for index, part in enumerate(parts):
        if index == len(pattern):
            return False
        if pattern[index] == "**":
            return True
        if not fnmatch.fnmatch(part, pattern[index]):
            return False
    return len(pattern) > len(parts)


def _broken_link(link: Path, err: OSError) -> str:
    if err.errno == errno.ELOOP:
        return "symlink loop: the link never reaches a file or folder"
    if err.errno == errno.ENOENT:
        return f"broken link: {os.readlink(link)} does not exist"
    return f"link cannot be followed: {err.strerror}"


def _walk(
    base: Path,
    *,
    enter: Callable[[tuple[str, ...]], bool] = lambda parts: True,
    keep: Callable[[tuple[str, ...]], bool] = lambda parts: True,
) -> tuple[dict[Path, str], list[tuple[Path, str]]]:
    """The files under the folder ``base`` with where each really is, and what is not
    read there, with why.

    Links to folders are followed, after the folders themselves, each folder once: a
    folder reached again is listed, as a loop when it holds the link. ``enter(parts)``
    says whether a folder (its path relative to ``base``) is worth looking into,
    ``keep(parts)`` whether a file is wanted; what neither wants is not listed.
    """
    files: dict[Path, str] = {}
    ignored: list[tuple[Path, str]] = []
    seen = {os.path.realpath(base): base}  # each folder read, by where it really is
    links: list[tuple[Path, tuple[str, ...]]] = []  # to folders, with the folders above

    def first_time(folder: Path, real: str, above: tuple[str, ...]) -> bool:
        if real not in seen:
            seen[real] = folder
            return True
        if real in above:
            why = f"symlink loop: leads back to {seen[real]}, which holds it; not followed"
        else:
            why = f"link to a folder already reached as {seen[real]}; each folder is read once"
        ignored.append((folder, why))
        return False

    def read(folder: Path, above: tuple[str, ...]) -> None:
        stack = [(folder, above)]
        while stack:
            current, above = stack.pop()
            try:
                with os.scandir(current) as listing:
                    entries = sorted(listing, key=lambda entry: entry.name)
            except OSError as err:
                ignored.append((current, f"folder cannot be read: {err.strerror}"))
                continue
            for entry in entries:
                path = current / entry.name
                parts = path.relative_to(base).parts
                try:
                    if entry.is_symlink():
                        try:
                            mode = path.stat().st_mode
                        except OSError as err:
                            if keep(parts) or enter(parts):
                                ignored.append((path, _broken_link(path, err)))
                            continue
                        if stat.S_ISDIR(mode):
                            if enter(parts):
                                links.append((path, above))
                            continue
                        real = os.path.realpath(path)
                    elif entry.is_dir(follow_symlinks=False):
                        real = os.path.join(above[-1], entry.name)
                        if enter(parts) and first_time(path, real, above):
                            stack.append((path, (*above, real)))
                        continue
                    else:
                        mode = entry.stat(follow_symlinks=False).st_mode
                        real = os.path.join(above[-1], entry.name)
                except OSError as err:  # gone meanwhile, or not ours to look at
                    if keep(parts):
                        ignored.append((path, f"cannot be read: {err.strerror}"))
                    continue
                if keep(parts):
                    if stat.S_ISREG(mode):
                        files[path] = real
                    else:
                        ignored.append((path, "not a regular file"))

    read(base, (os.path.realpath(base),))
    while links:  # in path order, so which of two links to one folder is read is fixed
        links.sort(key=lambda link: link[0])
        link, above = links.pop(0)
        real = os.path.realpath(link)
        if first_time(link, real, above):
            read(link, (*above, real))
    return files, ignored


def find_inputs(path: str | Path) -> tuple[list[tuple[Path, str]], list[str]]:
    """Return ``(file, id stem)`` pairs to read and a list of what was left out and why.

    Each entry of the list is ``"<path> (<why>)"``, in path order: hidden files, other
    endings, ``README``/``LICENSE`` files, broken links and symlink loops, a folder or a
    file reached a second time through a link (each is read once), folders that cannot
    be read. Links to folders are followed, in folders and in glob patterns alike.
    """
    text = str(path)
    if isinstance(path, str) and any(ch in text for ch in "*?["):
        base = _glob_base(text)
        pattern = Path(text).parts[len(base.parts) :]
        files, ignored = (
            _walk(
                base,
                enter=lambda parts: _may_hold(pattern, parts),
                keep=lambda parts: _glob_match(pattern, parts),
            )
            if base.is_dir()
            else ({}, [])
        )
        if not files:
            raise InputError(
                text,
                "matches no files" + (f" it can read ({_not_read(ignored)})" if ignored else ""),
                "Check the pattern (quote it in a shell)",
            )
    else:
        path = Path(path)
        if not path.exists():
            raise InputError(
                path,
                "does not exist",
                f"Give a file, a folder or a glob pattern (the working directory is {Path.cwd()})",
            )
        if path.is_file():
            return [(path, path.stem)], []
        base = path
        files, ignored = _walk(base)
    real_base = os.path.realpath(base)
    candidates = []
    for file in sorted(files):
        relative = file.relative_to(base)
        if any(part.startswith(".") for part in relative.parts):
            ignored.append((file, "hidden"))
        elif file.suffix.lower() not in TEXT_SUFFIXES + TABLE_SUFFIXES:
            ignored.append((file, f"not an article: {file.suffix or 'no ending'}"))
        elif file.stem.upper() in ("README", "LICENSE", "LICENCE"):
            ignored.append((file, "documentation, not an article"))
        else:
            direct = files[file] == os.path.join(real_base, *relative.parts)
            candidates.append((not direct, file, relative))
    # A file reached twice (a link to it) is read once: where it is rather than a link.
    read_as: dict[str, Path] = {}
    chosen = []
    for _, file, relative in sorted(candidates):
        if files[file] in read_as:
            ignored.append((file, f"the same file as {read_as[files[file]]}, which is read"))
        else:
            read_as[files[file]] = file
            chosen.append((file, relative.with_suffix("").as_posix()))
    chosen.sort()
    if not chosen:
        raise InputError(
            path,
            "holds no articles" + (f" ({_not_read(ignored)})" if ignored else " (it is empty)"),
            f"Put articles in it as {', '.join(TEXT_SUFFIXES)} files or "
            f"{', '.join(TABLE_SUFFIXES)} tables",
        )
    return chosen, [f"{where} ({why})" for where, why in sorted(ignored)]


def _not_read(ignored: list[tuple[Path, str]]) -> str:
    where, why = min(ignored)
    return f"{len(ignored)} not read as articles, e.g. {where} ({why})"


def warn_not_read(ignored: Sequence[str], *, stacklevel: int = 3) -> None:
    """Warn with the files and folders of an input that are not read as articles, and why."""
    if ignored:
        shown = "\n  ".join(ignored[:20]) + ("\n  ..." if len(ignored) > 20 else "")
        warnings.warn(
            f"{len(ignored)} files or folders are not read as articles:\n  {shown}",
            SkippedInputWarning,
            stacklevel=stacklevel,
        )


def read_articles(
    inputs: Sequence[tuple[Path, str]],
    *,
    text_col: str = "text",
    encoding: str = "utf-8",
    on_error: str = "raise",
    progress: bool | None = None,
) -> tuple[pd.DataFrame | None, list[dict]]:
    """The article table of ``inputs`` (``(file, id stem)`` pairs from :func:`find_inputs`)
    and the skipped-input entries; the table is ``None`` when no article could be read.

    :func:`load_articles` reads a whole input with it; the corpus dataset reads an input
    in chunks of files with it. Ids are checked within ``inputs`` only
    (:func:`check_unique_ids` checks them across chunks).
    """
    show = len(inputs) > _PROGRESS_THRESHOLD if progress is None else progress
    records: list[dict] = []
    skipped: list[dict] = []
    for file, stem in tqdm(inputs, desc="Reading articles", unit="file", disable=not show):
        try:
            if file.suffix.lower() in TABLE_SUFFIXES:
                records += _table_records(
                    file,
                    stem,
                    text_col=text_col,
                    encoding=encoding,
                    on_error=on_error,
                    skipped=skipped,
                    progress=progress,
                )
            else:
                records.append(_read_text_file(file, stem, encoding))
        except InputError as err:
            if on_error != "skip":
                raise
            skipped.append(_skip_row(str(file), err))
    if not records:
        return None, skipped
    articles = pd.DataFrame.from_records(records)
    articles["source_row"] = articles["source_row"].astype("Int64")
    articles = articles.astype({key: "string" for key in METADATA_COLUMNS})
    check_unique_ids(articles["article_id"], articles["source"])
    return articles, skipped


def check_reading_options(*, encoding: str, on_error: str) -> None:
    """Raise ``ValueError`` for an ``on_error`` or ``encoding`` the reader does not know."""
    if on_error not in ("raise", "skip"):
        raise ValueError(f"on_error must be 'raise' or 'skip', not {on_error!r}")
    try:
        codecs.lookup(encoding)
    except LookupError:
        raise ValueError(
            f"encoding {encoding!r} is not a text encoding Python knows; "
            "try 'utf-8', 'cp1252' or 'latin-1'"
        ) from None


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


def no_article_error(path: str | Path | None, skipped: list[dict]) -> InputError:
    reasons = "; ".join(f"{s['source']}: {s['problem']}" for s in skipped[:5])
    return InputError(
        str(path) if path else "the bundled sample",
        f"no article could be read ({reasons})",
        "Fix the files named",
    )


def load_articles(
    path: str | Path | None = None,
    *,
    text_col: str = "text",
    encoding: str = "utf-8",
    on_error: str = "raise",
    progress: bool | None = None,
) -> pd.DataFrame:
    """Read articles into a DataFrame with one row per article.

    ``path`` is one text file, a folder (read recursively, in sorted order), a glob
    pattern, or a table (``.csv``, ``.jsonl``, ``.parquet``) with a ``text_col``
    column and optional ``id``, ``title``, ``outlet``, ``date``, ``url`` columns.
    Text files may start with YAML front matter holding the same keys. ``None`` or
    ``""`` reads the bundled sample.

    >>> articles = load_articles()
    >>> articles.loc[0, "title"]
    'xi china belarus lukashenko'

    Args:
        text_col: column that holds the article text in tables.
        encoding: text encoding of the files.
        on_error: ``"raise"`` stops at the first bad file, naming it; ``"skip"`` loads
            the rest, warns with each skipped file and why, and lists them in
            ``articles.attrs["skipped"]``.
        progress: show a progress bar; ``None`` shows one for large corpora.

    Returns:
        The article table (columns in ``data/README.md``).

    Raises:
        InputError: a missing path, an unreadable, empty or binary file (a PDF, an
            image, ...), text not in ``encoding``, a table without ``text_col``, duplicate
            article ids.
    """
    check_reading_options(encoding=encoding, on_error=on_error)
    inputs, ignored = find_inputs(resolve_input(path))
    warn_not_read(ignored)
    articles, skipped = read_articles(
        inputs, text_col=text_col, encoding=encoding, on_error=on_error, progress=progress
    )
    if articles is None:
        raise no_article_error(path, skipped)
    check_unique_ids(articles["article_id"], articles["source"])
    if skipped:
        listed = "\n  ".join(
            f"{s['source']}"
            + (f":{s['line']}" if s["line"] is not None else "")
            + (f" (row {s['row']})" if s["row"] is not None else "")
            + f": {s['problem']}"
            for s in skipped
        )
        warnings.warn(
            f"skipped {len(skipped)} bad inputs, loaded {len(articles)} articles:\n  {listed}",
            SkippedInputWarning,
            stacklevel=2,
        )
    articles.attrs["skipped"] = skipped
    return articles
