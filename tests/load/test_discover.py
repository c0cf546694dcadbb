"""Discovery's own helpers; finding the files of an input is tested with reading them, in
tests/load/test_inputs.py."""

from __future__ import annotations

import hashlib

from analysis.load import file_sha256 as exported
from analysis.load.discover import file_sha256


def test_file_sha256_is_the_sha256_of_the_whole_file(tmp_path):
    data = bytes(range(256)) * 10_000  # more than one read buffer
    path = tmp_path / "a.bin"
    path.write_bytes(data)
    assert file_sha256(path) == hashlib.sha256(data).hexdigest()
    assert file_sha256(str(path)) == exported(path)
