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
