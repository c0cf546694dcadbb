"""Charts of notebook 20: each draws exactly the table it is given."""

from __future__ import annotations

from analysis.plots.framing import plot_actors, plot_distinctive_terms, plot_profile


def test_distinctive_terms_chart_draws_its_table_in_order(distinctive, check_readable):
    top, summary = distinctive
    fig = plot_distinctive_terms(top, summary)
    check_readable(fig)
    drawn = [t.get_text().split(" (")[0] for t in fig.axes[0].get_yticklabels()][::-1]
    assert drawn == top["term"].tolist()
    passing = summary.set_index("side")["passing"]
    title = fig.axes[0].get_title(loc="left")
    assert title.startswith(
        f"{passing['commentary']} terms favour commentary, {passing['reporting']} reporting"
    )
    assert "by chance about" in title


def test_no_distinctive_term_is_no_chart(distinctive):
    import pytest

    top, summary = distinctive
    with pytest.raises(ValueError, match="say so in words"):
        plot_distinctive_terms(top.iloc[0:0], summary)


def test_profile_has_a_row_per_measure_and_the_groups_sizes(frames, check_readable):
    framed, columns, labels = frames
    fig = plot_profile(framed, columns, labels, title="Frames", xlabel="Hits per 100 words")
    check_readable(fig)
    ax = fig.axes[0]
    assert [t.get_text() for t in ax.get_yticklabels()] == [labels[c] for c in columns]
    entries = [t.get_text() for t in fig.legends[0].get_texts()]
    assert entries[:2] == [
        "reporting (n=17), mean and 95% interval",
        "commentary (n=2), mean only",
    ]


def test_actors_chart_names_each_named_actor_once(actor_table, check_readable):
    fig = plot_actors(actor_table)
    check_readable(fig)
    named = actor_table.groupby("actor")["mentions"].transform("sum") > 0
    drawn = [t.get_text() for t in fig.axes[0].get_yticklabels()]
    assert drawn == list(dict.fromkeys(actor_table.loc[named, "label"]))
    assert [ax.get_title(loc="left") for ax in fig.axes] == ["Who is named where", "In what light"]
    # the sample is one article: its actors' open dots are explained by the legend
    entries = [t.get_text() for t in fig.legends[0].get_texts()]
    assert "no interval: fewer than 5 sentences, or all in one article" in entries
