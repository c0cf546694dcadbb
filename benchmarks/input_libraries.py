"""Measure wcmatch, python-frontmatter and charset-normalizer against the loader's own code.

The loader finds, decodes and parses its inputs with code of its own (analysis/load/
discover.py, decode.py, records.py); each module's docstring says why a library does
not do the job. This script shows it on the cases of tests/load/test_inputs.py and on
generated articles, so the reasons can be checked again when a library changes:

* wcmatch: the files its ``**`` glob finds in a folder with a symlink loop, a broken link
  and two links to one folder, beside what ``find_inputs`` reads and lists; and both
  timed on a generated tree of plain folders, where they must agree;
* python-frontmatter: metadata and where the body starts, for front matter that is
  fine, never closed, or written with Windows line endings;
* charset-normalizer: what it makes of the binary files the loader refuses, and its
  cost per article beside ``decode_text``.

    pip install -e ".[bench]"
    python benchmarks/input_libraries.py
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

import charset_normalizer
import frontmatter
import wcmatch
from wcmatch import glob as wglob

from analysis.load.decode import decode_text
from analysis.load.discover import find_inputs
from analysis.synthetic import generate_articles


def _links(base: Path) -> None:
    """The folder of the symlink tests: a loop, a link to itself, a broken link, two links
    to one folder."""
    (base / "sub").mkdir(parents=True)
    (base / "sub" / "a.txt").write_text("x")
    (base / "sub" / "loop").symlink_to("..", target_is_directory=True)
    (base / "self").symlink_to("self")
    (base / "gone.txt").symlink_to("nowhere.txt")
    elsewhere = base.parent / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "b.txt").write_text("x")
    (base / "x1").symlink_to(elsewhere, target_is_directory=True)
    (base / "x2").symlink_to(elsewhere, target_is_directory=True)


def _tree(base: Path, n_folders: int = 200, n_files: int = 20) -> None:
    for folder in range(n_folders):
        sub = base / f"{folder % 10}" / f"f{folder}"
        sub.mkdir(parents=True)
        for number in range(n_files):
            (sub / f"{number}.{'txt' if number % 3 else 'md'}").write_text("x")


def globbing() -> None:
    print(f"== wcmatch {wcmatch.__version__}: **/*.txt")
    with tempfile.TemporaryDirectory() as folder:
        base = Path(folder) / "in"
        _links(base)
        pattern = str(base / "**" / "*.txt")
        for name, flags in [
            ("GLOBSTAR | FOLLOW", wglob.GLOBSTAR | wglob.FOLLOW),
            ("GLOBSTAR", wglob.GLOBSTAR),
        ]:
            found = sorted(p[len(str(base)) + 1 :] for p in wglob.glob(pattern, flags=flags))
            shown = ", ".join(found[:4]) + (", ..." if len(found) > 4 else "")
            print(f"  wcmatch {name}: {len(found)} files ({shown}); nothing listed as not read")
        files, not_read = find_inputs(pattern)
        print(
            f"  find_inputs: {len(files)} files ({', '.join(s for _, s in files)}); "
            f"{len(not_read)} listed as not read, with why"
        )
    with tempfile.TemporaryDirectory() as folder:
        base = Path(folder)
        _tree(base)
        pattern = str(base / "*" / "**" / "*.txt")
        start = time.perf_counter()
        theirs = sorted(wglob.glob(pattern, flags=wglob.GLOBSTAR))
        t_theirs = time.perf_counter() - start
        start = time.perf_counter()
        ours = sorted(str(path) for path, _ in find_inputs(pattern)[0])
        t_ours = time.perf_counter() - start
        print(
            f"  plain tree of {len(ours):,} matching files: same files {ours == theirs}; "
            f"find_inputs {t_ours:.3f} s, wcmatch {t_theirs:.3f} s"
        )


FRONT_MATTER = {
    "fine": "---\ntitle: Real title\n---\nA test headline\nFirst paragraph.\n",
    "never closed": "---\ntitle: Real title\nA test headline\n\nFirst paragraph.\n",
    "CRLF": "---\r\ntitle: Real title\r\n---\r\nA test headline\r\nFirst paragraph.\r\n",
}


def front_matter() -> None:
    print("== python-frontmatter")
    for name, text in FRONT_MATTER.items():
        post = frontmatter.loads(text)
        at = text.find(post.content)
        where = f"at offset {at}" if at >= 0 else "nowhere in the text (offsets lost)"
        print(f"  {name}: metadata {post.metadata}; its body is found {where}")


_NO_NUL = bytes(range(1, 256)) * 8

BINARY = {
    "a PDF": b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n",
    "an ASCII PDF": b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n",
    "a Word document": b"PK\x03\x04\x14\x06\x08\x08word/document.xml" + _NO_NUL[:64],
    "a PNG image": b"\x89PNG\r\n\x1a\n" + _NO_NUL[:64],
    "control bytes": _NO_NUL,
    "Latin-1 text": "Title\nFirst line.\n\nCaf\xe9 society.\n".encode("latin-1"),
}


def encodings() -> None:
    print(f"== charset-normalizer {charset_normalizer.__version__}")
    for name, data in BINARY.items():
        best = charset_normalizer.from_bytes(data).best()
        print(f"  {name}: {'text in ' + best.encoding if best else 'not text'}")
    texts = [text.encode() for text in generate_articles(500)]
    start = time.perf_counter()
    for data in texts:
        charset_normalizer.from_bytes(data).best()
    theirs = (time.perf_counter() - start) / len(texts)
    start = time.perf_counter()
    for data in texts:
        decode_text(data, Path("article.txt"), "utf-8")
    ours = (time.perf_counter() - start) / len(texts)
    size = sum(map(len, texts)) // len(texts)
    print(
        f"  per generated article ({size:,} bytes): charset-normalizer {theirs * 1e3:.2f} ms, "
        f"decode_text {ours * 1e3:.3f} ms"
    )


if __name__ == "__main__":
    globbing()
    front_matter()
    encodings()
