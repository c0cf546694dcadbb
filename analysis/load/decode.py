"""Decoding: the bytes of an input file become text, or a clear error.

A file is read in the encoding the caller gives (UTF-8 unless told otherwise), or in the one
its UTF-16/UTF-32 byte-order mark says. Binary files (PDF, Word, images, archives) are
refused and named for what they are, before any decoding; a byte the encoding cannot
decode is named with its line and column, since the user has to find it to fix it.

Hand-written, not charset-normalizer: the encoding is the caller's to choose, never
guessed, so a Latin-1 file read as UTF-8 is an error naming line 4, not a silent guess
(tests/load/test_inputs.py::test_non_utf8_names_line_and_encoding_option). Measured with
benchmarks/input_libraries.py (charset-normalizer 3.5) on the binary files of
tests/load/test_inputs.py: it takes a PDF for Big5 text and a Word document for UTF-8,
names no file format, guesses cp1250 for Latin-1 text, and costs about 0.4 ms an
article where ``decode_text`` costs 0.04 ms.
"""

from __future__ import annotations

import codecs
import html
import re
from pathlib import Path

from ..errors import InputError
from .text import LINE_BREAK

__all__ = [
    "ENCODING_HINT",
    "SAMPLE_BYTES",
    "decode_entities",
    "decode_line",
    "decode_text",
    "numbered_lines",
    "read_bytes",
    "text_encoding",
]


SAMPLE_BYTES = 8192  # bytes looked at to tell text from binary


_CONVERT_HINT = (
    "Convert it to text first (save or export it as plain text, UTF-8), or move it out of the input"
)


ENCODING_HINT = (
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
    head = data[:SAMPLE_BYTES]
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
    """The error for a byte ``encoding`` cannot decode, with its line and column."""
    line, column = _position(data, err.start, encoding)
    return InputError(
        source,
        f"is not valid {encoding} (byte 0x{data[err.start]:02x} at column {column})",
        ENCODING_HINT,
        line=line,
    )


def text_encoding(
    data: bytes, source: str | Path, encoding: str, notes: list[str] | None = None
) -> str:
    """The encoding to read ``data`` in: the one a UTF-16 or UTF-32 byte-order mark at its
    start says (with a note in ``notes``), else ``encoding``.

    Raises an :class:`~analysis.errors.InputError` naming ``source`` when ``data`` cannot
    be text in it: a binary file, or UTF-16 without a byte-order mark read as UTF-8.
    """
    encoding = _byte_order_mark(data, encoding, [] if notes is None else notes)
    _refuse_binary(data, source, encoding)
    return encoding


def decode_text(data: bytes, source: Path, encoding: str) -> tuple[str, list[str]]:
    """Decode file bytes, refusing binary files and naming the line of a bad byte; return
    the text and notes on what was done to it (a byte-order mark removed, line endings)."""
    notes: list[str] = []
    encoding = text_encoding(data, source, encoding, notes)
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


_ENTITY = re.compile(
    r"&(?:#\d{2,6}|#x[0-9a-fA-F]{2,5}|quot|amp|apos|lt|gt|nbsp|[lr][sd]quo|[mn]dash|hellip);"
)


def decode_entities(text: str, notes: list[str]) -> str:
    """Decode HTML entities left in scraped text (``&quot;``, ``&#8220;``), with a note."""
    found = _ENTITY.findall(text)
    if not found:
        return text
    examples = ", ".join(sorted(set(found))[:3])
    notes.append(f"{len(found)} HTML entities decoded ({examples}); offsets count the decoded text")
    return html.unescape(text)


def read_bytes(path: Path) -> bytes:
    """The bytes of ``path``, or an :class:`~analysis.errors.InputError` saying why not."""
    try:
        return path.read_bytes()
    except OSError as err:
        raise InputError(
            path, f"cannot be read ({err.strerror})", "Check its permissions"
        ) from None


_BYTE_LINE_BREAK = re.compile(rb"\r\n|\r|\n")


def numbered_lines(data: bytes, path: Path, encoding: str):
    """``(line number, line)`` pairs; lines stay bytes in an ASCII-compatible encoding, so
    that a bad byte spoils only its own line."""
    if _ascii_compatible(encoding):
        return enumerate(_BYTE_LINE_BREAK.split(data), start=1)
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as err:
        raise _not_valid(data, err, path, encoding) from None
    return enumerate(LINE_BREAK.split(text), start=1)


def decode_line(raw: bytes | str, path: Path, number: int, encoding: str) -> str:
    """One line of :func:`numbered_lines` as text; a bad byte is named with its column and
    the line's ``number``, so that it spoils only its own line."""
    if isinstance(raw, str):
        return raw
    try:
        return raw.decode(encoding)
    except UnicodeDecodeError as err:
        raise InputError(
            path,
            f"is not valid {encoding} (byte 0x{raw[err.start]:02x} at column {err.start + 1})",
            ENCODING_HINT,
            line=number,
        ) from None
