"""Finding and decoding inputs: files, folders, globs and tables become the article table.

``load_articles`` gives one row per article. Bad input raises an
:class:`~analysis.errors.InputError` that names the file (and line or row) and says what
to do; ``on_error="skip"`` lists what it left out instead.
"""

from __future__ import annotations

import codecs
import glob
import html
import json
import re
import warnings
from collections.abc import Sequence
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
    "find_inputs",
    "load_articles",
    "warn_not_read",
]


TEXT_SUFFIXES = (".txt", ".md", ".text")


TABLE_SUFFIXES = (".csv", ".jsonl", ".ndjson", ".parquet")


METADATA_COLUMNS = ("title", "outlet", "date", "url")


_PROGRESS_THRESHOLD = 200  # files or table rows before a progress bar is worth showing


_FRONT_MATTER = re.compile(r"---[^\S\r\n]*(?:\r\n|\r|\n)")


_FRONT_MATTER_END = re.compile(r"^---[^\S\r\n]*(?:\r\n|\r|\n|$)", re.MULTILINE)


def _decode(data: bytes, source: Path, encoding: str) -> tuple[str, list[str]]:
    """Decode file bytes, refusing binary files and naming the line of a bad byte."""
    notes = []
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):  # Windows "Unicode"
        encoding = "utf-16"
        notes.append("read as UTF-16 (it starts with a UTF-16 byte-order mark)")
    nul = -1 if encoding == "utf-16" else data.find(b"\x00", 0, 8192)
    if nul != -1:
        raise InputError(
            source,
            f"looks like a binary file (NUL byte at byte {nul})",
            "Give a plain-text article (UTF-8), or a .csv, .jsonl or .parquet table",
        )
    if data.startswith(b"\xef\xbb\xbf") and encoding.lower().replace("_", "-") == "utf-8":
        data = data[3:]
        notes.append("UTF-8 byte-order mark removed")
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as err:
        line = data.count(b"\n", 0, err.start) + 1
        column = err.start - (data.rfind(b"\n", 0, err.start) + 1) + 1
        raise InputError(
            source,
            f"is not valid {encoding} (byte 0x{data[err.start]:02x} at column {column})",
            "Re-save the file as UTF-8, or give its encoding: encoding='cp1252' in Python, "
            "-p encoding cp1252 with media-bias run",
            line=line,
        ) from None
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


def _read_text_file(path: Path, article_id: str, encoding: str) -> dict:
    try:
        data = path.read_bytes()
    except OSError as err:
        raise InputError(
            path, f"cannot be read ({err.strerror})", "Check its permissions"
        ) from None
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


def _read_jsonl(path: Path, encoding: str) -> pd.DataFrame:
    records, lines = [], []
    with path.open(encoding=encoding, errors="strict") as handle:
        try:
            for number, line in enumerate(handle, start=1):
                line = line.lstrip("\ufeff")  # a byte-order mark, on any line
                if not line.strip():
                    continue
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
                records.append(value)
                lines.append(number)
        except UnicodeDecodeError as err:
            raise InputError(
                path, f"is not valid {encoding} ({err.reason})", "Re-save the file as UTF-8"
            ) from None
    frame = pd.DataFrame.from_records(records)
    frame.index = pd.Index(lines, name="line")
    return frame


def _read_table(path: Path, encoding: str) -> pd.DataFrame:
    suffix = path.suffix.lower()
    try:
        if suffix in (".jsonl", ".ndjson"):
            return _read_jsonl(path, encoding)
        if suffix == ".csv":
            frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding=encoding)
            frame.index = pd.RangeIndex(1, len(frame) + 1, name="row")
            return frame
        frame = pd.read_parquet(path)
        frame.index = pd.RangeIndex(1, len(frame) + 1, name="row")
        return frame
    except InputError:
        raise
    except UnicodeDecodeError as err:
        raise InputError(
            path, f"is not valid {encoding} ({err.reason})", "Re-save the file as UTF-8"
        ) from None
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
    frame = _read_table(path, encoding)
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


def find_inputs(path: str | Path) -> tuple[list[tuple[Path, str]], list[str]]:
    """Return ``(file, id stem)`` pairs to read and a list of what was left out and why."""
    ignored: list[str] = []
    text = str(path)
    if isinstance(path, str) and any(ch in text for ch in "*?["):
        files = sorted(Path(p) for p in glob.glob(text, recursive=True) if Path(p).is_file())
        if not files:
            raise InputError(text, "matches no files", "Check the pattern (quote it in a shell)")
        base = _glob_base(text)
    else:
        path = Path(path)
        if not path.exists():
            raise InputError(
                path,
                "does not exist",
                f"Give a file, a folder or a glob pattern (the working directory is {Path.cwd()})",
            )
        if path.is_file():
            return [(path, path.stem)], ignored
        base = path
        files = sorted(p for p in path.rglob("*") if p.is_file())
    chosen = []
    for file in files:
        relative = file.relative_to(base) if file.is_relative_to(base) else file
        if any(part.startswith(".") for part in relative.parts):
            ignored.append(f"{file} (hidden)")
        elif file.suffix.lower() not in TEXT_SUFFIXES + TABLE_SUFFIXES:
            ignored.append(f"{file} (not an article: {file.suffix or 'no ending'})")
        elif file.stem.upper() in ("README", "LICENSE", "LICENCE"):
            ignored.append(f"{file} (documentation, not an article)")
        else:
            chosen.append((file, relative.with_suffix("").as_posix()))
    if not chosen:
        raise InputError(
            path,
            "holds no articles"
            + (
                f" ({len(ignored)} other files, e.g. {ignored[0]})" if ignored else " (it is empty)"
            ),
            f"Put articles in it as {', '.join(TEXT_SUFFIXES)} files or "
            f"{', '.join(TABLE_SUFFIXES)} tables",
        )
    return chosen, ignored


def warn_not_read(ignored: Sequence[str], *, stacklevel: int = 3) -> None:
    """Warn with the files of an input that are not read as articles, and why."""
    if ignored:
        shown = "\n  ".join(ignored[:20]) + ("\n  ..." if len(ignored) > 20 else "")
        warnings.warn(
            f"{len(ignored)} files are not read as articles:\n  {shown}",
            SkippedInputWarning,
            stacklevel=stacklevel,
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
        InputError: a missing path, an unreadable or empty file, a table without
            ``text_col``, duplicate article ids.
    """
    if on_error not in ("raise", "skip"):
        raise ValueError(f"on_error must be 'raise' or 'skip', not {on_error!r}")
    try:
        codecs.lookup(encoding)
    except LookupError:
        raise ValueError(
            f"encoding {encoding!r} is not a text encoding Python knows; "
            "try 'utf-8', 'cp1252' or 'latin-1'"
        ) from None
    inputs, ignored = find_inputs(resolve_input(path))
    warn_not_read(ignored)
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
        reasons = "; ".join(f"{s['source']}: {s['problem']}" for s in skipped[:5])
        raise InputError(
            str(path) if path else "the bundled sample",
            f"no article could be read ({reasons})",
            "Fix the files named",
        )
    articles = pd.DataFrame.from_records(records)
    articles["source_row"] = articles["source_row"].astype("Int64")
    articles = articles.astype({key: "string" for key in METADATA_COLUMNS})
    duplicated = articles[articles["article_id"].duplicated(keep=False)]
    if not duplicated.empty:
        first = duplicated.iloc[0]["article_id"]
        sources = duplicated.loc[duplicated["article_id"] == first, "source"].tolist()
        raise InputError(
            sources[0],
            f"article id {first!r} is used more than once (also in {', '.join(sources[1:])})",
            "Give every article its own id",
        )
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
