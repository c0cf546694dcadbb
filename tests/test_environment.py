"""environment.yml (for conda users) must ask for what pyproject.toml asks for."""

from __future__ import annotations

import re
import tomllib

import yaml

from analysis.paths import PROJECT_ROOT


def _split(requirement: str) -> tuple[str, str]:
    name, spec = re.match(r"([A-Za-z0-9_.-]+)\s*(.*)", requirement).groups()
    return re.sub(r"[-_.]+", "-", name).lower(), spec.replace(" ", "")


def test_environment_yml_matches_pyproject():
    project = tomllib.loads((PROJECT_ROOT / "pyproject.toml").read_text())["project"]
    wanted = dict(
        _split(r) for r in project["dependencies"] + project["optional-dependencies"]["test"]
    )
    environment = yaml.safe_load((PROJECT_ROOT / "environment.yml").read_text())
    conda = dict(
        _split(d) for d in environment["dependencies"] if isinstance(d, str) and d != "pip"
    )
    assert conda.pop("python") == ">=" + project["requires-python"].removeprefix(">=")
    assert conda == wanted
    pip_section = next(d["pip"] for d in environment["dependencies"] if isinstance(d, dict))
    assert pip_section == ["-e ."]


def test_the_version_is_written_once():
    import analysis

    project = tomllib.loads((PROJECT_ROOT / "pyproject.toml").read_text())["project"]
    assert analysis.__version__ == project["version"]
    source = (PROJECT_ROOT / "analysis" / "__init__.py").read_text()
    assert project["version"] not in source, "read the version from the package metadata"


def test_the_benchmark_extra_is_not_a_runtime_dependency():
    project = tomllib.loads((PROJECT_ROOT / "pyproject.toml").read_text())["project"]
    runtime = {_split(r)[0] for r in project["dependencies"]}
    bench = {_split(r)[0] for r in project["optional-dependencies"]["bench"]}
    assert "nltk" in bench and not runtime & bench
