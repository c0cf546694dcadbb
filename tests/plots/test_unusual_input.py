"""Charts on input a real corpus holds: short articles, TeX-like names, very long articles."""

from __future__ import annotations

import matplotlib.pyplot as plt
import pandas as pd
import pytest

from analysis.load.corpus import load_corpus
from analysis.plots import (
    plot_article_structure,
    plot_distributions,
    plot_engines,
    plot_flow,
    plot_polarity_subjectivity,
    plot_within_article,
)
from analysis.sentiment import describe_scores, score_sentiment
from analysis.stats import within_article_summary

SHORT = "port strike\n\nDock workers walked out.\n\nComment: A shameful, cruel decision.\n"
MEASURES = ["tb_polarity", "tb_subjectivity"]
HOSTILE_ID = "hostile $\\alert$"


def _corpus(tmp_path, name: str, text: str, outlet: str | None = None):
    path = tmp_path / f"{name}.txt"
    path.write_text(text, encoding="utf-8")
    corpus = load_corpus(path)
    if outlet:
        corpus.paragraphs["outlet"] = outlet
    return corpus


def test_an_article_too_short_for_a_box_in_every_voice_is_drawn(tmp_path):
    corpus = _corpus(tmp_path, "short", SHORT)
    scored = score_sentiment(corpus.sentences, cache=False)
    for category_col in ("section", "voice"):
        means = describe_scores(scored, MEASURES, category_col=category_col)
        fig = plot_distributions(scored, means, category_col=category_col)
        fig.canvas.draw()  # drawing is where a mismatch of boxes and positions raised
        plt.close(fig)


@pytest.mark.parametrize("where", ["article_id", "outlet"])
def test_tex_in_an_id_or_an_outlet_is_drawn_as_plain_text(tmp_path, where):
    rows = []
    for number in range(8):
        article = f"{HOSTILE_ID} {number}" if where == "article_id" else f"a{number}"
        outlet = "Wire $\\alert$" if where == "outlet" else f"Outlet {number % 2}"
        for section, text in (
            ("reporting", "A good day at the port, officials said."),
            ("reporting", "The strike began at dawn."),
            ("commentary", "A shameful and cruel decision."),
        ):
            rows.append({"article_id": article, "outlet": outlet, "section": section, "text": text})
    rows[0]["outlet"] = "Other $x^2$"
    scored = score_sentiment(pd.DataFrame(rows), cache=False)
    scored["voice"] = scored["section"].where(scored["section"] == "commentary", "narration")
    scored["paragraph"] = scored.groupby("article_id").cumcount() + 1
    scored["paragraph_id"] = scored["article_id"] + ":p" + scored["paragraph"].astype(str)
    scored["quote_share"] = 0.0
    per_article, within = within_article_summary(scored, "tb_polarity")
    figures = [
        plot_within_article(per_article, within, outlet_col="outlet"),
        plot_flow(scored, article_id=scored["article_id"].iloc[0]),
        plot_distributions(scored, describe_scores(scored, MEASURES)),
        plot_polarity_subjectivity(scored),
        plot_engines(scored),
    ]
    texts = []
    for fig in figures:
        fig.canvas.draw()  # mathtext would raise here on "$\alert$"
        texts += [t.get_text() for t in fig.findobj(plt.Text)] + [fig.get_suptitle()]
        plt.close(fig)
    assert any("$\\alert$" in t for t in texts), "the name is drawn as written"


def test_a_very_long_article_is_drawn_in_bounded_time_and_says_so(tmp_path):
    paragraphs = [f"Paragraph {i} reports a good day at the port." for i in range(5000)]
    paragraphs.insert(2500, "Comment: A shameful, cruel decision.")
    corpus = _corpus(tmp_path, "long", "long article\n\n" + "\n\n".join(paragraphs) + "\n")
    fig = plot_article_structure(corpus.paragraphs)
    assert len(fig.axes[0].patches) <= 400, "one bar per paragraph past a few hundred"
    assert "5,001" in fig.get_suptitle() + fig.axes[0].get_title(loc="left")
    plt.close(fig)
    scored = score_sentiment(corpus.paragraphs, cache=False)
    fig = plot_flow(scored)  # paragraphs, each with its voice
    assert "5,001" in fig.get_suptitle()
    points = sum(len(line.get_xdata()) for ax in fig.axes for line in ax.get_lines())
    assert points <= 4 * 400 + 20
    plt.close(fig)
