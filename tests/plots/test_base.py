"""The shared base: the palette is Okabe-Ito, every chart is drawn in the style file and
leaves the user's rcParams alone, and no chart module spells a colour or a title size."""

from __future__ import annotations

import ast
import inspect
import re
from pathlib import Path
from xml.etree import ElementTree

import matplotlib as mpl
import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.colors import is_color_like, to_hex, to_rgb, to_rgba
from matplotlib.text import Text
from PIL import Image

from analysis.plots import articles, base, framing, opinion, sentiment
from analysis.plots.base import (
    GREYS,
    GROUP_COLORS,
    NEGATIVE,
    OKABE_ITO,
    POSITIVE,
    STYLE_FILE,
    VOICE_COLORS,
    WHITE,
    chart_style,
    save_figure,
)
from analysis.stats import share_intervals

STYLE = mpl.rc_params_from_file(STYLE_FILE, use_default_template=False)

# Okabe and Ito (2008), "Color Universal Design": the eight colours in 8-bit RGB.
OKABE_ITO_RGB = {
    "black": (0, 0, 0),
    "orange": (230, 159, 0),
    "sky blue": (86, 180, 233),
    "bluish green": (0, 158, 115),
    "yellow": (240, 228, 66),
    "blue": (0, 114, 178),
    "vermilion": (213, 94, 0),
    "reddish purple": (204, 121, 167),
}

PALETTE = {to_hex(c) for c in [*OKABE_ITO.values(), *GREYS.values(), WHITE]}

CHART_MODULES = [articles, sentiment, framing, opinion]
COLOUR_FREE_MODULES = CHART_MODULES


def _rgb255(color):
    return tuple(round(255 * c) for c in to_rgb(color))


# -- the palette ------------------------------------------------------------------------


def test_palette_colours_are_the_okabe_ito_values():
    assert {name: _rgb255(color) for name, color in OKABE_ITO.items()} == OKABE_ITO_RGB
    named = {name.upper().replace(" ", "_"): color for name, color in OKABE_ITO.items()}
    assert named == {name: getattr(base, name) for name in named}
    assert [POSITIVE, NEGATIVE] == [base.BLUISH_GREEN, base.REDDISH_PURPLE]


def test_greys_are_grey_and_keyed_by_their_lightness():
    for lightness, color in GREYS.items():
        r, g, b = _rgb255(color)
        assert r == g == b, color
        assert round(100 * r / 255) == lightness, color


def test_voices_and_groups_are_coloured_from_the_palette():
    for color in [*VOICE_COLORS.values(), *GROUP_COLORS.values()]:
        assert to_hex(color) in PALETTE, color
    assert VOICE_COLORS["commentary"] == OKABE_ITO["vermilion"]
    assert base.group_color("reporting") == OKABE_ITO["blue"]
    assert base.group_color("no such group") in GREYS.values()


def test_the_style_files_colours_come_from_the_palette():
    cycle = STYLE["axes.prop_cycle"].by_key()["color"]
    assert sorted(map(to_hex, cycle)) == sorted(map(to_hex, OKABE_ITO.values()))
    colours = {
        key: value
        for key, value in STYLE.items()
        if "color" in key and isinstance(value, str) and value not in ("inherit", "auto", "face")
    }
    assert colours, "the style names its colours"
    for key, value in colours.items():
        assert is_color_like(value) and to_hex(value) in PALETTE, f"{key}: {value}"
    assert to_hex(STYLE["grid.color"]) == to_hex(GREYS[87])


def test_the_style_keeps_the_sizes_the_charts_had():
    assert STYLE["axes.titlesize"] == STYLE["figure.titlesize"] == 12
    assert STYLE["font.size"] == STYLE["axes.labelsize"] == STYLE["xtick.labelsize"] == 10
    assert STYLE["axes.grid.axis"] == "x" and STYLE["axes.axisbelow"] is True


# -- the style file, inside every chart and nowhere else -----------------------------------

# A user's settings that differ from the style's in every respect the test checks.
USER_RC = {
    "axes.titlesize": 20,
    "figure.titlesize": 22,
    "axes.spines.top": True,
    "axes.spines.right": True,
    "legend.frameon": True,
    "axes.facecolor": "black",
    "axes.grid": False,
}

# Every public chart, drawn from the shared inputs (fixture names, then the drawing).
CHARTS = {
    "plot_article_structure": (["corpus"], lambda c: articles.plot_article_structure(c.paragraphs)),
    "plot_distributions": (["scored", "distributions"], lambda s, draw: draw(s)),
    "plot_flow": (["scored_all", "flow"], lambda s, draw: draw(s)),
    "plot_polarity_subjectivity": (["scored"], sentiment.plot_polarity_subjectivity),
    "plot_engines": (["scored"], sentiment.plot_engines),
    "plot_sentiment_words": (
        ["top_terms"],
        lambda t: sentiment.plot_sentiment_words(t, categories=["reporting", "commentary"]),
    ),
    "plot_within_article": (["within"], lambda w: sentiment.plot_within_article(*w)),
    "plot_distinctive_terms": (["distinctive"], lambda d: framing.plot_distinctive_terms(*d)),
    "plot_actors": (["actor_table"], framing.plot_actors),
    "plot_profile": (
        ["frames"],
        lambda f: framing.plot_profile(f[3], *f[1:3], title="Frames", xlabel="Hits per 100 words"),
    ),
    "plot_reliability": (
        ["model_report"],
        lambda r: opinion.plot_reliability(share_intervals(r["reliability"])),
    ),
    "plot_validity": (["model_report"], lambda r: opinion.plot_validity(r["validity"])),
}


@pytest.fixture(scope="module")
def model_report() -> dict:
    """The shipped opinion model's test-split tables, as notebook 90 draws them."""
    import pandas as pd

    from analysis.sentiment.opinion import opinion_model

    report = opinion_model().report
    return {name: pd.DataFrame(report[name]) for name in ("reliability", "validity")}


def test_every_public_chart_is_drawn_in_the_style():
    public = {name for module in CHART_MODULES for name in module.__all__}
    assert set(CHARTS) == public, "add a new chart to CHARTS"
    for module in CHART_MODULES:
        for name in module.__all__:
            assert getattr(module, name).style_file == STYLE_FILE, f"{name} lacks @chart_style"


def _titles(fig):
    """The Text objects of the figure's title and of every Axes title that is set."""
    wanted = {fig.get_suptitle()} | {ax.get_title(loc="left") for ax in fig.axes}
    return [t for t in fig.findobj(Text) if t.get_text() and t.get_text() in wanted]


@pytest.mark.parametrize("name", sorted(CHARTS))
def test_the_style_is_applied_inside_a_chart_and_does_not_leak(name, request):
    fixtures, draw = CHARTS[name]
    inputs = [request.getfixturevalue(f) for f in fixtures]
    with plt.rc_context(USER_RC):
        before = dict(mpl.rcParams)
        fig = draw(*inputs)
        assert dict(mpl.rcParams) == before, "the chart changed the user's rcParams"
    titles = _titles(fig)
    assert titles
    for text in titles:
        size = STYLE["figure.titlesize" if text is fig._suptitle else "axes.titlesize"]
        assert text.get_fontsize() == size, text.get_text()
    for ax in fig.axes:
        assert not ax.spines["top"].get_visible() and not ax.spines["right"].get_visible()
        assert ax.get_facecolor() == to_rgba(STYLE["axes.facecolor"])
    legends = [ax.get_legend() for ax in fig.axes if ax.get_legend()] + fig.legends
    assert legends and not any(legend.get_frame_on() for legend in legends)
    plt.close(fig)


@pytest.mark.parametrize("name", sorted(CHARTS))
def test_every_chart_title_is_two_lines_at_most_and_not_just_a_name(name, request):
    fixtures, draw = CHARTS[name]
    fig = draw(*[request.getfixturevalue(f) for f in fixtures])
    title = fig.get_suptitle() or fig.axes[0].get_title(loc="left")
    assert 1 <= len(title.splitlines()) <= 2, title
    assert re.search(r"\d", title), f"a finding states its numbers: {title!r}"
    plt.close(fig)


def test_a_title_of_three_lines_is_refused():
    fig, _ = plt.subplots()
    base.figure_title(fig, "finding\nsample")
    with pytest.raises(ValueError, match="two lines at most"):
        base.figure_title(fig, "finding\nsample\nmore")
    plt.close(fig)


def test_the_no_evidence_band_lies_below_the_scale_and_is_labelled():
    fig, ax = plt.subplots()
    centre = base.no_evidence_band(ax, (-0.05, 1.05))
    low, high = ax.get_ylim()
    assert low < centre < -0.05 and high == pytest.approx(1.05)
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert labels[-1] == "no word" and "0" in labels and "1" in labels
    assert ax.get_yticks()[-1] == pytest.approx(centre)
    band = [p for p in ax.patches if p.get_facecolor()[:3] == to_rgb(GREYS[93])]
    assert len(band) == 1
    plt.close(fig)


def test_the_users_rcparams_come_back_when_a_chart_raises(scored):
    with plt.rc_context(USER_RC):
        before = dict(mpl.rcParams)
        with pytest.raises(ValueError, match="is not in the corpus"):
            sentiment.plot_flow(scored.drop(columns="sentence_id"), article_id="nope")
        assert dict(mpl.rcParams) == before


def test_a_chart_keeps_its_look_when_drawn_later_under_other_settings(corpus):
    """As the inline backend draws: after the function returned, outside the style."""
    fig = articles.plot_article_structure(corpus.paragraphs)
    later = {
        "grid.color": "red",
        "xtick.labelsize": 20,
        "ytick.labelsize": 20,
        "xtick.major.size": 12,
        "patch.edgecolor": "red",
    }
    with plt.rc_context(later):
        fig.canvas.draw()  # creates the ticks the function never touched
    ax = fig.axes[0]
    ticks = ax.xaxis.get_major_ticks()
    assert len(ticks) > 3
    for tick in ticks:
        assert to_hex(tick.gridline.get_color()) == to_hex(STYLE["grid.color"])
        assert tick.label1.get_fontsize() == STYLE["xtick.labelsize"]
        assert tick.tick1line.get_markersize() == STYLE["xtick.major.size"]
    for tick in ax.yaxis.get_major_ticks():
        assert tick.label1.get_fontsize() == STYLE["ytick.labelsize"]
    hatched = [p for p in ax.get_legend().get_patches() if p.get_hatch()]
    assert hatched
    if hasattr(hatched[0], "get_hatchcolor"):  # matplotlib 3.11+ keeps it apart from the edge
        assert all(to_hex(p.get_hatchcolor()) == to_hex(WHITE) for p in hatched)
    plt.close(fig)


def test_chart_style_keeps_the_functions_name_docstring_and_signature():
    @chart_style
    def draw(frame, *, category_col="section"):
        """Draw it."""
        return mpl.rcParams["axes.titlesize"]

    assert draw.__name__ == "draw" and draw.__doc__ == "Draw it."
    assert draw(None) == STYLE["axes.titlesize"]
    assert list(inspect.signature(draw).parameters) == ["frame", "category_col"]


# -- no colour or title size spelled out in a chart module ----------------------------------

HEX = re.compile(r"#[0-9A-Fa-f]{3}(?:[0-9A-Fa-f]{3})?(?:[0-9A-Fa-f]{2})?\b")
CSS_NUMBERS = re.compile(r"rgba?\(\s*\d")
COLOUR_ARGS = {
    "c",
    "color",
    "colors",
    "edgecolor",
    "edgecolors",
    "facecolor",
    "facecolors",
    "markeredgecolor",
    "markerfacecolor",
    "hatchcolor",
    "labelcolor",
}


def _source(module):
    return Path(module.__file__).read_text(encoding="utf-8")


@pytest.mark.parametrize("module", COLOUR_FREE_MODULES, ids=lambda m: m.__name__)
def test_no_colour_literal_outside_base(module):
    source = _source(module)
    assert not HEX.findall(source), "take hex colours from analysis.plots.base"
    assert not CSS_NUMBERS.findall(source), "take CSS colours from analysis.plots.base"
    literal = []
    for node in ast.walk(ast.parse(source)):
        pairs = []
        if isinstance(node, ast.keyword):
            pairs = [(node.arg, node.value)]
        elif isinstance(node, ast.Dict):
            pairs = [
                (k.value, v) for k, v in zip(node.keys, node.values, strict=True)
                if isinstance(k, ast.Constant) and isinstance(k.value, str)
            ]  # fmt: skip
        for arg, value in pairs:
            if arg in COLOUR_ARGS and isinstance(value, ast.Constant) and value.value != "none":
                literal.append(f"line {value.lineno}: {arg}={value.value!r}")
    assert not literal, "colours by name from the palette:\n" + "\n".join(literal)


@pytest.mark.parametrize("module", CHART_MODULES, ids=lambda m: m.__name__)
def test_no_title_size_spelled_out_in_a_chart(module):
    tree = ast.parse(_source(module))
    sizes = [
        f"line {node.lineno}: fontsize={node.value.value}"
        for node in ast.walk(tree)
        if isinstance(node, ast.keyword)
        and node.arg in ("fontsize", "size")
        and isinstance(node.value, ast.Constant)
    ]
    assert not sizes, "sizes come from the style file or base.NOTE_SIZE:\n" + "\n".join(sizes)


def test_the_detectors_find_what_they_look_for():
    assert HEX.findall('color="#dddddd", other="#666"') == ["#dddddd", "#666"]
    assert not HEX.findall("# a comment, #12 an issue")
    assert CSS_NUMBERS.findall("background:rgba(120,120,120,0.18)")


# -- saving ---------------------------------------------------------------------------------


def test_save_figure_writes_png_and_svg_only_with_a_folder(tmp_path):
    fig, _ = plt.subplots()
    paths = save_figure(fig, tmp_path, "structure")
    assert [p.name for p in paths] == ["structure.png", "structure.svg"]
    assert all(p.stat().st_size > 0 and p.parent == tmp_path / "figures" for p in paths)
    assert save_figure(fig, "", "structure") == []
    assert save_figure(fig, None, "structure") == []
    plt.close(fig)


def _svg_texts(path: Path) -> list[str]:
    """The text of every ``<text>`` element of an SVG file."""
    root = ElementTree.parse(path).getroot()
    return ["".join(e.itertext()) for e in root.iter("{http://www.w3.org/2000/svg}text")]


@pytest.mark.parametrize("name", sorted(CHARTS))
def test_saved_charts_are_ready_to_publish(name, request, tmp_path):
    """SVG with its title and source line as text a newsroom can edit (not letters drawn
    as paths), PNG at print resolution, the source line under the figure."""
    fixtures, draw = CHARTS[name]
    fig = draw(*[request.getfixturevalue(f) for f in fixtures])
    title = fig.get_suptitle() or fig.axes[0].get_title(loc="left")
    source = "Source: a test corpus (3 articles: 40 reporting and 5 commentary paragraphs)."
    png, svg = save_figure(fig, tmp_path, name, source=source)
    texts = _svg_texts(svg)
    for line in title.splitlines():
        assert any(line.strip() in text for text in texts), f"{line!r} is not text in {svg.name}"
    assert source in texts
    with Image.open(png) as image:
        assert [round(d) for d in image.info["dpi"]] == [base.PNG_DPI] * 2
    # The source line sits under everything else of the figure.
    (line,) = [t for t in fig.texts if t.get_gid() == base.SOURCE_GID]
    renderer = fig.canvas.get_renderer()
    fig.draw(renderer)
    lowest = [a.get_window_extent(renderer) for a in [*fig.legends, *fig.texts] if a is not line]
    lowest += [ax.get_tightbbox(renderer) for ax in fig.axes]
    bottom = min(box.y0 for box in lowest)
    assert line.get_window_extent(renderer).y1 <= bottom, "the source line overlaps the chart"
    plt.close(fig)


def test_the_source_line_is_shown_without_a_folder_and_written_once(tmp_path):
    fig, ax = plt.subplots()
    ax.set_title("A finding, 3 articles")
    assert save_figure(fig, "", "chart", source="Source: one.") == []
    height = fig.get_figheight()
    save_figure(fig, "", "chart", source="Source: two.")
    assert [t.get_text() for t in fig.texts if t.get_gid() == base.SOURCE_GID] == ["Source: two."]
    assert fig.get_figheight() == height, "the band for the line is added once"
    (svg,) = [p for p in save_figure(fig, tmp_path, "chart") if p.suffix == ".svg"]
    assert "Source: two." in _svg_texts(svg)
    plt.close(fig)


# -- colour vision ----------------------------------------------------------------------

# Machado, Oliveira and Fernandes (2009), "A physiologically-based model for simulation of
# color vision deficiency", severity 1.0: linear-RGB matrices of the three dichromacies.
DICHROMACIES = {
    "protanopia": [[0.152286, 1.052583, -0.204868], [0.114503, 0.786281, 0.099216],
                   [-0.003882, -0.048116, 1.051998]],
    "deuteranopia": [[0.367322, 0.860646, -0.227968], [0.280085, 0.672501, 0.047413],
                     [-0.011820, 0.042940, 0.968881]],
    "tritanopia": [[1.255528, -0.076749, -0.178779], [-0.078411, 0.930809, 0.147602],
                   [0.004733, 0.691367, 0.303900]],
}  # fmt: skip
# sRGB (D65) to CIE XYZ.
SRGB_TO_XYZ = np.array(
    [[0.4124564, 0.3575761, 0.1804375], [0.2126729, 0.7151522, 0.0721750],
     [0.0193339, 0.1191920, 0.9503041]]
)  # fmt: skip
# Two colours closer than this (CIE76 Delta E in Lab) are hard to tell apart in a legend.
DISTINCT = 20


def _seen(color: str, deficiency: str | None) -> np.ndarray:
    """``color`` in CIE Lab as seen with ``deficiency`` (None: normal vision)."""
    rgb = np.asarray(to_rgb(color))
    linear = np.where(rgb <= 0.04045, rgb / 12.92, ((rgb + 0.055) / 1.055) ** 2.4)
    if deficiency:
        linear = np.clip(np.asarray(DICHROMACIES[deficiency]) @ linear, 0, 1)
    xyz = SRGB_TO_XYZ @ linear / (SRGB_TO_XYZ @ np.ones(3))
    f = np.where(xyz > (6 / 29) ** 3, np.cbrt(xyz), xyz / (3 * (6 / 29) ** 2) + 4 / 29)
    return np.array([116 * f[1] - 16, 500 * (f[0] - f[1]), 200 * (f[1] - f[2])])


def _closest_pair(colors: dict[str, str], deficiency: str | None) -> tuple[float, str]:
    seen = {name: _seen(color, deficiency) for name, color in colors.items()}
    names = list(seen)
    return min(
        (float(np.linalg.norm(seen[a] - seen[b])), f"{a} and {b}")
        for i, a in enumerate(names)
        for b in names[i + 1 :]
    )


@pytest.mark.parametrize("deficiency", [None, *DICHROMACIES])
def test_the_three_section_colours_stay_apart_in_every_colour_vision(deficiency):
    sections = {s: GROUP_COLORS[s] for s in ("reporting", "commentary", "caption")}
    distance, pair = _closest_pair(sections, deficiency)
    assert distance >= DISTINCT, f"{pair} look alike with {deficiency or 'normal vision'}"


def test_the_colour_vision_check_catches_red_against_green():
    """matplotlib's default red and green are the classic pair a deuteranope confuses."""
    red_green = {"red": "#D62728", "green": "#2CA02C"}
    assert _closest_pair(red_green, None)[0] >= DISTINCT
    assert _closest_pair(red_green, "deuteranopia")[0] < DISTINCT


def test_interactive_mode_started_inside_a_chart_survives_it():
    """IPython's inline backend starts with the first figure and turns interactive mode on:
    undoing that would leave every later figure of a notebook undisplayed."""
    import matplotlib as mpl

    from analysis.plots.base import chart_style

    @chart_style
    def starts_the_backend():
        mpl.interactive(True)

    before = mpl.is_interactive()
    try:
        mpl.interactive(False)
        starts_the_backend()
        assert mpl.is_interactive()
    finally:
        mpl.interactive(before)
