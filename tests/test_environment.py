"""environment.yml (for conda users) must ask for what pyproject.toml asks for; the optional
extras stay optional, and the floors ``make test-lowest`` installs cover them."""

from __future__ import annotations

import importlib.util
import re
import tomllib

import yaml

from analysis.paths import PROJECT_ROOT

PROJECT = tomllib.loads((PROJECT_ROOT / "pyproject.toml").read_text())["project"]


def _split(requirement: str) -> tuple[str, str]:
    name, spec = re.match(r"([A-Za-z0-9_.-]+)\s*(.*)", requirement).groups()
    return re.sub(r"[-_.]+", "-", name).lower(), spec.replace(" ", "")


def _lowest_requirements():
    """scripts/lowest_requirements.py, the one reader of "runtime and test requirements"."""
    path = PROJECT_ROOT / "scripts" / "lowest_requirements.py"
    spec = importlib.util.spec_from_file_location("lowest_requirements", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_environment_yml_matches_pyproject():
    """Runtime, the test extra and the extras of this project it names (``[dask]``)."""
    wanted = dict(_split(r) for r in _lowest_requirements().requirements())
    environment = yaml.safe_load((PROJECT_ROOT / "environment.yml").read_text())
    conda = dict(
        _split(d) for d in environment["dependencies"] if isinstance(d, str) and d != "pip"
    )
    assert conda.pop("python") == ">=" + PROJECT["requires-python"].removeprefix(">=")
    assert conda == wanted
    pip_section = next(d["pip"] for d in environment["dependencies"] if isinstance(d, dict))
    assert pip_section == ["-e ."]


def test_the_version_is_written_once():
    import analysis

    assert analysis.__version__ == PROJECT["version"]
    source = (PROJECT_ROOT / "analysis" / "__init__.py").read_text()
    assert PROJECT["version"] not in source, "read the version from the package metadata"


def test_the_benchmark_extra_is_not_a_runtime_dependency():
    runtime = {_split(r)[0] for r in PROJECT["dependencies"]}
    bench = {_split(r)[0] for r in PROJECT["optional-dependencies"]["bench"]}
    assert "nltk" in bench and not runtime & bench


def test_dask_is_an_extra_the_test_tools_install_and_the_floors_cover():
    """Only ``--dask`` needs Dask: not a runtime dependency, but ``pip install .[test]``
    (``make install``, CI) brings it, and ``make test-lowest`` pins it at its floor."""
    runtime = {_split(r)[0] for r in PROJECT["dependencies"]}
    extras = PROJECT["optional-dependencies"]
    dask = {_split(r)[0] for r in extras["dask"]}
    assert dask == {"dask", "distributed"} and not runtime & dask
    assert f"{PROJECT['name']}[dask]" in extras["test"]
    pins, notes = _lowest_requirements().lowest()
    assert {"dask", "distributed"} <= {name for name, *_ in pins} and not notes
    assert not any(name == PROJECT["name"] for name, *_ in pins)


def test_one_parallel_mechanism_joblib_is_not_asked_for():
    """``analysis.parallel`` spreads the work; joblib comes with scikit-learn only."""
    asked = {_split(r)[0] for r in _lowest_requirements().requirements()}
    assert "joblib" not in asked
