"""Charts draw, statistics compute: no chart module computes an interval, a test or a
voice (read from the source with ``ast``), and each chart draws exactly the means and
intervals of the table it is given."""

from __future__ import annotations

import ast

import numpy as np
import pandas as pd
import pytest
from matplotlib.colors import to_hex

from analysis.paths import PROJECT_ROOT
from analysis.plots.base import WHITE
from analysis.plots.framing import plot_profile
from analysis.plots.sentiment import plot_distributions, plot_flow

PLOTS = sorted((PROJECT_ROOT / "analysis" / "plots").glob("*.py"))

# Names whose call computes an interval, a test, a resample or a voice: they belong in
# analysis.stats or the measure's module, and the chart gets their table.
COMPUTING = (
    "bootstrap",
    "permutation",
    "resample",
    "_ci",
    "compare_groups",
    "describe_groups",
    "describe_scores",
    "paragraph_scores",
    "article_differences",
    "within_article",
    "wilcoxon",
    "mannwhitneyu",
    "cliffs_delta",
    "holm",
    "voice_of",
    "wilson",
)


def _called_name(node: ast.Call) -> str:
    function = node.func
    if isinstance(function, ast.Attribute):
        return function.attr
    return function.id if isinstance(function, ast.Name) else ""


def _mentions_quote_share(node: ast.AST) -> bool:
    return any(
        (isinstance(n, ast.Constant) and n.value == "quote_share")
        or (isinstance(n, ast.Attribute) and n.attr == "quote_share")
        or (isinstance(n, ast.Name) and n.id == "quote_share")
        for n in ast.walk(node)
    )


def _computing(path) -> list[str]:
    """What in ``path`` computes an interval, a test or a voice."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []
    for node in ast.walk(tree):
        where = f"{path.name}:{getattr(node, 'lineno', 0)}"
        if isinstance(node, ast.Import | ast.ImportFrom):
            modules = [a.name for a in node.names] if isinstance(node, ast.Import) else []
            modules.append(getattr(node, "module", None) or "")
            if any(m == "scipy" or m.startswith("scipy.") for m in modules):
                found.append(f"{where}: imports scipy")
        elif isinstance(node, ast.Call):
            name = _called_name(node).lower()
            if any(word in name for word in COMPUTING):
                found.append(f"{where}: calls {name}")
        elif isinstance(node, ast.Compare) and _mentions_quote_share(node):
            found.append(f"{where}: decides a voice from quote_share")
    return found


def test_no_chart_module_computes_an_interval_a_test_or_a_voice():
    found = [line for path in PLOTS for line in _computing(path)]
    assert not found, "charts draw tables computed in stats or the measure's module:\n" + "\n".join(
        found
    )


def test_the_check_finds_what_it_looks_for(tmp_path):
    source = tmp_path / "chart.py"
    source.write_text(
        "from scipy import stats\n"
        "from ..stats import cluster_mean_ci\n"
        "low, high = cluster_mean_ci(values, articles)\n"
        "voice = np.where(rows['quote_share'] >= 0.5, 'quote', 'narration')\n"
        "result = stats.bootstrap((values,), np.mean)\n",
        encoding="utf-8",
    )
    found = "\n".join(_computing(source))
    for expected in ("imports scipy", "calls cluster_mean_ci", "quote_share", "calls bootstrap"):
        assert expected in found


def _scored(seed: int = 0) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    n = 40
    return pd.DataFrame(
        {
            "article_id": np.repeat([f"a{i}" for i in range(8)], 5),
            "section": np.tile(["reporting"] * 3 + ["commentary"] * 2, 8),
            "tb_polarity": rng.uniform(-0.5, 0.5, n),
            "tb_subjectivity": rng.uniform(0, 1, n),
            "tb_n_terms": 1,
        }
    )


def _table(groups, measures, values) -> pd.DataFrame:
    """A means table with made-up numbers a chart cannot have computed itself."""
    rows = []
    for measure in measures:
        for group, (mean, low, high) in zip(groups, values, strict=True):
            rows.append(
                {"measure": measure, "group": group, "n": 20, "n_articles": 8}
                | {"mean": mean, "median": mean, "mean_low": low, "mean_high": high, "note": ""}
            )
    return pd.DataFrame(rows)


def _error_bars(ax, axis: str) -> np.ndarray:
    """``(mean, low, high)`` of each error bar drawn on ``ax``, along ``axis``."""
    found = []
    for container in ax.containers:
        marker, _, (bars, *_) = container.lines  # the mean, the caps, the bar
        (x, y), segment = marker.get_xydata()[0], bars.get_segments()[0]
        along = 1 if axis == "y" else 0
        found.append(((x, y)[along], segment[:, along].min(), segment[:, along].max()))
    return np.array(found)


def test_distributions_draw_exactly_the_intervals_of_their_table():
    scored = _scored()
    values = [(0.11, -0.42, 0.37), (-0.23, -0.61, 0.05)]
    means = _table(["reporting", "commentary"], ["tb_polarity", "tb_subjectivity"], values)
    fig = plot_distributions(scored, means, measures=["tb_polarity"])
    np.testing.assert_allclose(_error_bars(fig.axes[0], "y"), values)
    assert "mean polarity −0.23 against 0.11 in reporting" in fig.get_suptitle()


def test_distributions_draw_an_open_mean_where_the_table_has_no_interval():
    values = [(0.11, np.nan, np.nan), (-0.23, -0.61, 0.05)]
    means = _table(["reporting", "commentary"], ["tb_polarity"], values)
    fig = plot_distributions(_scored(), means, measures=["tb_polarity"])
    ax = fig.axes[0]
    np.testing.assert_allclose(_error_bars(ax, "y"), [values[1]])
    (open_mean,) = [
        line
        for line in ax.lines
        if line.get_marker() == "D" and to_hex(line.get_markerfacecolor()) == WHITE.lower()
    ]
    assert open_mean.get_ydata()[0] == pytest.approx(0.11)


def test_profile_draws_exactly_the_intervals_of_its_table():
    values = [(1.5, 0.9, 2.2), (3.25, 2.0, 4.75)]
    summary = _table(["reporting", "commentary"], ["frame_conflict"], values)
    fig = plot_profile(summary, ["frame_conflict"], {"frame_conflict": "Conflict"}, xlabel="Hits")
    np.testing.assert_allclose(sorted(_error_bars(fig.axes[0], "x").tolist()), sorted(values))
    assert "3.25 in commentary against 1.50 in reporting" in fig.get_suptitle()


def test_flow_refuses_sentences_whose_paragraph_voice_it_would_have_to_decide():
    sentences = _scored().assign(sentence_id="s", paragraph_id="p", paragraph=1, voice="quote")
    with pytest.raises(ValueError, match="paragraph_scores"):
        plot_flow(sentences)


def test_the_legend_names_an_open_mean_only_when_a_panel_draws_one(legend_texts):
    entry = "mean (fewer than 5: no interval)"
    every_interval = _table(["reporting", "commentary"], ["tb_polarity"], [(0.1, 0, 0.2)] * 2)
    fig = plot_distributions(_scored(), every_interval, measures=["tb_polarity"])
    assert entry not in legend_texts(fig)
    one_without = _table(
        ["reporting", "commentary"], ["tb_polarity"], [(0.1, np.nan, np.nan), (0.1, 0, 0.2)]
    )
    fig = plot_distributions(_scored(), one_without, measures=["tb_polarity"])
    assert entry in legend_texts(fig)
