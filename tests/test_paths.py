"""Bundled files resolve from the project, whatever the working directory; typed paths
resolve from where they were typed."""

from __future__ import annotations

from pathlib import Path

from analysis.paths import PROJECT_ROOT, SAMPLE_DIR, SAMPLE_FILE, default_cache_dir, resolve_input


def test_bundled_paths_do_not_depend_on_the_working_directory(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert SAMPLE_FILE.is_file() and SAMPLE_FILE.parent == SAMPLE_DIR
    assert (PROJECT_ROOT / "pyproject.toml").is_file()
    assert resolve_input("") == SAMPLE_DIR and resolve_input(None) == SAMPLE_DIR


def test_a_typed_path_stays_relative_and_a_pattern_stays_a_pattern(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert resolve_input("corpus/a.txt") == Path("corpus/a.txt")
    assert resolve_input("corpus/*.txt") == "corpus/*.txt"
    (tmp_path / "odd[1].txt").write_text("x")
    assert resolve_input("odd[1].txt") == Path("odd[1].txt")  # a file of that very name


def test_the_cache_folder_follows_the_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("MEDIA_BIAS_CACHE", str(tmp_path / "cache"))
    assert default_cache_dir() == tmp_path / "cache"
    monkeypatch.delenv("MEDIA_BIAS_CACHE")
    assert default_cache_dir() == Path.home() / ".cache" / "media-bias-analysis"
