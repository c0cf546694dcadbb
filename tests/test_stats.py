"""Statistics against scipy on known data and against cases worked by hand."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from analysis.stats import (
    bootstrap_ci,
    cliffs_delta,
    compare_groups,
    delta_magnitude,
    mean_ci,
    median_ci,
    within_article_differences,
)


def test_cliffs_delta_by_hand_and_by_brute_force():
    # x>y in 8 of 9 pairs, one tie (3, 3), none lower: (8 - 0) / 9
    assert cliffs_delta([3, 4, 5], [1, 2, 3]) == pytest.approx(8 / 9)
    assert cliffs_delta([1, 2], [1, 2]) == 0.0
    rng = np.random.default_rng(1)
    x, y = rng.normal(0, 1, 40).round(1), rng.normal(0.5, 1, 30).round(1)
    brute = (np.sign(x[:, None] - y[None, :])).mean()
    assert cliffs_delta(x, y) == pytest.approx(brute)


@pytest.mark.parametrize(
    ("delta", "reading"),
    [(0.0, "negligible"), (0.146, "negligible"), (-0.2, "small"), (0.4, "medium"), (-0.9, "large")],
)
def test_delta_magnitude_thresholds(delta, reading):
    assert delta_magnitude(delta) == reading


def test_median_interval_from_order_statistics():
    # n = 20: P(B <= 5) = 0.021 <= 0.025 < P(B <= 6), so the 6th and 15th values.
    assert median_ci(list(range(1, 21))) == (6.0, 15.0)
    assert stats.binom.cdf(5, 20, 0.5) <= 0.025 < stats.binom.cdf(6, 20, 0.5)


def test_mean_interval_contains_the_mean_and_uses_t_for_large_samples():
    rng = np.random.default_rng(2)
    small = rng.normal(1.0, 1.0, 50)
    low, high = mean_ci(small)
    assert low < small.mean() < high
    large = rng.normal(1.0, 1.0, 20_000)
    expected = stats.t.interval(0.95, len(large) - 1, loc=large.mean(), scale=stats.sem(large))
    assert mean_ci(large) == pytest.approx(expected)


def test_bootstrap_of_constant_values_is_that_value():
    assert bootstrap_ci([0.0] * 10) == (0.0, 0.0)
    assert np.isnan(bootstrap_ci([1.0])[0])


def _frame(reporting, commentary):
    return pd.DataFrame(
        {
            "section": ["reporting"] * len(reporting) + ["commentary"] * len(commentary),
            "score": list(reporting) + list(commentary),
        }
    )


def test_compare_groups_rows_as_units_matches_a_plain_permutation_test():
    rng = np.random.default_rng(3)
    reporting, commentary = rng.normal(0, 0.2, 60), rng.normal(-0.3, 0.2, 12)
    summary, tests = compare_groups(_frame(reporting, commentary), ["score"], article_col=None)
    row = tests.iloc[0]
    # With every row its own article, the shuffle is a plain two-sample permutation test.
    expected = stats.permutation_test(
        (commentary, reporting),
        lambda a, b: a.mean() - b.mean(),
        n_resamples=9999,
        rng=np.random.default_rng(0),
    )
    assert row["p_value"] == pytest.approx(expected.pvalue, abs=0.002)
    assert row["cliffs_delta"] == pytest.approx(cliffs_delta(commentary, reporting))
    assert row["magnitude"] == "large" and row["p_value"] < 0.001
    means = summary.set_index("group")["mean"]
    assert means["commentary"] == pytest.approx(commentary.mean())
    assert row["difference_of_means"] == pytest.approx(commentary.mean() - reporting.mean())
    assert row["difference_low"] < row["difference_of_means"] < row["difference_high"] < 0


SECTIONS = ["reporting", "commentary"]


def _clustered(n_articles, shift, seed, spread=1.0):
    """Articles with their own level (as topics and writers give): 2 commentary and 6
    reporting rows each, commentary moved by ``shift``."""
    rng = np.random.default_rng(seed)
    level = np.repeat(rng.normal(0, spread, n_articles), 8)
    second = np.tile([True, True] + [False] * 6, n_articles)
    return pd.DataFrame(
        {
            "article_id": np.repeat([f"a{i}" for i in range(n_articles)], 8),
            "section": np.where(second, "commentary", "reporting"),
            "score": level + rng.normal(0, 0.3, 8 * n_articles) + shift * second,
        }
    )


def test_clustered_rows_with_no_difference_come_out_as_none():
    # Articles differ a lot from each other; within them commentary and reporting do not.
    # Rows treated as independent would give intervals far too narrow; resampling articles
    # and shuffling within them holds the 5% error rate.
    results = [
        compare_groups(_clustered(30, 0.0, seed), ["score"])[1].iloc[0] for seed in range(40)
    ]
    rejected = sum(r["p_value"] < 0.05 for r in results)
    missed = sum(not r["difference_low"] <= 0 <= r["difference_high"] for r in results)
    assert rejected <= 5 and missed <= 5, (rejected, missed)  # P(> 5 of 40 | 5%) < 0.05
    summary, _ = compare_groups(_clustered(30, 0.0, 1), ["score"])
    reporting = summary.set_index("group").loc["reporting"]
    assert reporting["n_articles"] == 30
    # the article bootstrap is much wider than one that resamples rows
    iid_low, iid_high = mean_ci(_clustered(30, 0.0, 1).query("section == 'reporting'")["score"])
    assert reporting["mean_high"] - reporting["mean_low"] > 1.5 * (iid_high - iid_low)


def test_a_planted_difference_within_articles_is_found():
    _, tests = compare_groups(_clustered(30, -0.4, 5), ["score"], categories=SECTIONS)
    row = tests.iloc[0]
    assert row["p_value"] < 0.001 and row["difference_high"] < 0
    assert row["n_articles_both"] == 30 and row["difference_of_means"] == pytest.approx(
        -0.4, abs=0.15
    )


def test_one_article_says_its_interval_is_of_its_rows():
    summary, tests = compare_groups(
        _clustered(1, -0.4, 2).assign(article_id="only"), ["score"], min_n=2
    )
    assert "one article" in summary.loc[0, "note"] and "one article" in tests.loc[0, "note"]
    assert np.isfinite(tests.loc[0, "p_value"])


def test_groups_in_different_articles_get_no_within_article_test():
    frame = _frame([0.1] * 6, [-0.5] * 6).assign(article_id=["r"] * 6 + ["c"] * 6)
    _, tests = compare_groups(frame, ["score"])
    assert np.isnan(tests.loc[0, "p_value"]) and "no article holds both" in tests.loc[0, "note"]


def test_small_groups_get_a_note_not_a_p_value():
    summary, tests = compare_groups(_frame([0.1] * 17, [-0.5, -1.0]), ["score"], article_col=None)
    assert np.isnan(tests.loc[0, "p_value"])
    assert "n=2" in tests.loc[0, "note"]
    commentary = summary.set_index("group").loc["commentary"]
    assert np.isnan(commentary["mean_low"]) and "too few" in commentary["note"]
    assert commentary["mean"] == pytest.approx(-0.75)


def test_holm_adjustment_by_hand():
    rng = np.random.default_rng(4)
    frame = pd.DataFrame(
        {
            "voice": ["narration"] * 30 + ["quote"] * 30 + ["commentary"] * 30,
            "score": np.r_[rng.normal(0, 1, 30), rng.normal(0.3, 1, 30), rng.normal(1, 1, 30)],
        }
    )
    _, tests = compare_groups(frame, ["score"], category_col="voice", article_col=None)
    p = tests["p_value"].to_numpy()
    order = np.argsort(p)
    expected = np.maximum.accumulate([min(1, (3 - i) * p[j]) for i, j in enumerate(order)])
    assert tests["p_holm"].to_numpy()[order] == pytest.approx(expected)


def test_holm_over_the_whole_table_counts_every_measure():
    rng = np.random.default_rng(7)
    frame = pd.DataFrame(
        {
            "section": ["reporting"] * 40 + ["commentary"] * 40,
            **{f"m{k}": np.r_[rng.normal(0, 1, 40), rng.normal(k / 4, 1, 40)] for k in range(4)},
        }
    )
    _, tests = compare_groups(frame, [f"m{k}" for k in range(4)], article_col=None)
    # One pair per measure: adjusting within a measure changes nothing...
    assert tests["p_holm"].tolist() == pytest.approx(tests["p_value"].tolist())
    # ...while over the table, four tests are paid for.
    p = tests["p_value"].to_numpy()
    order = np.argsort(p)
    expected = np.maximum.accumulate([min(1, (4 - i) * p[j]) for i, j in enumerate(order)])
    assert tests["p_holm_table"].to_numpy()[order] == pytest.approx(expected)
    assert (tests["p_holm_table"] >= tests["p_value"]).all()


def test_within_article_differences_with_wilcoxon():
    rows = []
    differences = [-0.4, -0.3, -0.35, -0.1, 0.05, -0.2, -0.25]
    for i, d in enumerate(differences):
        rows += [{"article_id": f"a{i}", "section": "reporting", "score": s} for s in (0.1, 0.3)]
        rows += [{"article_id": f"a{i}", "section": "commentary", "score": 0.2 + d}]
    rows.append({"article_id": "no-commentary", "section": "reporting", "score": 0.5})
    per_article, summary = within_article_differences(pd.DataFrame(rows), "score")
    assert per_article["difference"].to_numpy() == pytest.approx(differences)
    row = summary.iloc[0]
    assert row["n_articles"] == 7 and row["n_without_both"] == 1
    assert row["mean_difference"] == pytest.approx(np.mean(differences))
    assert row["median_difference"] == pytest.approx(np.median(differences))
    assert (row["n_lower"], row["n_higher"]) == (6, 1)
    assert [row["median_low"], row["median_high"]] == pytest.approx(median_ci(differences))
    assert row["p_value"] == pytest.approx(stats.wilcoxon(differences).pvalue)
    assert row["low"] < row["mean_difference"] < row["high"] < 0


def test_within_article_differences_too_few_articles():
    frame = _frame([0.1, 0.2], [-0.5]).assign(article_id="only")
    _, summary = within_article_differences(frame, "score")
    assert np.isnan(summary.loc[0, "p_value"]) and "too few" in summary.loc[0, "note"]


def test_constant_groups_get_their_value_as_interval():
    assert mean_ci(np.zeros(6000)) == (0.0, 0.0)
    summary, _ = compare_groups(_frame([0.0] * 6000, [-0.5] * 10), ["score"], article_col=None)
    reporting = summary.set_index("group").loc["reporting"]
    assert (reporting["mean_low"], reporting["mean_high"]) == (0.0, 0.0)


def test_median_interval_is_undefined_when_coverage_cannot_be_reached():
    # with 5 values even (min, max) covers only 1 - 2 / 2**5 = 93.75%
    assert np.isnan(median_ci([1, 2, 3, 4, 5])[0])
    assert median_ci([1, 2, 3, 4, 5, 6]) == (1.0, 6.0)


def test_outlets_without_both_sections_are_listed():
    rows = [
        {"article_id": f"a{i}", "outlet": "A", "section": s, "score": v}
        for i in range(6)
        for s, v in (("reporting", 0.1 * i), ("commentary", -0.2))
    ]
    rows += [{"article_id": "e1", "outlet": "E", "section": "reporting", "score": 0.3}]
    _, summary = within_article_differences(pd.DataFrame(rows), "score", outlet_col="outlet")
    assert summary["group"].tolist() == ["A", "E"]
    outlet_e = summary.set_index("group").loc["E"]
    assert (outlet_e["n_articles"], outlet_e["n_without_both"]) == (0, 1)
    assert "0 articles with both sections" in outlet_e["note"]


def test_within_article_summary_adds_outlets_to_the_overall_row():
    from analysis.stats import within_article_summary

    rows = []
    for i in range(12):
        outlet = "D" if i % 2 else "W"
        rows += [{"article_id": f"a{i}", "outlet": outlet, "section": "reporting", "score": 0.1}]
        rows += [
            {"article_id": f"a{i}", "outlet": outlet, "section": "commentary", "score": -0.1 * i}
        ]  # noqa: E501
    rows += [{"article_id": "x", "outlet": None, "section": "reporting", "score": 0.0}]
    frame = pd.DataFrame(rows)
    per_article, summary = within_article_summary(frame, "score")
    assert summary["group"].tolist() == ["all", "D", "W"]
    assert summary.set_index("group").loc["all", "n_articles"] == 12
    assert summary.set_index("group").loc["all", "n_without_both"] == 1
    assert per_article.set_index("article_id")["outlet"].to_dict()["a3"] == "D"
    _, alone = within_article_summary(frame.assign(outlet="D"), "score")
    assert alone["group"].tolist() == ["all"]  # one outlet: nothing to break down


def test_mean_by_outlet_keeps_rows_without_an_outlet():
    from analysis.stats import mean_by_outlet

    frame = pd.DataFrame(
        {
            "outlet": ["D", "D", None, "W"],
            "section": ["reporting", "commentary", "reporting", "reporting"],
            "score": [0.2, -0.4, 1.0, 0.0],
        }
    )
    table = mean_by_outlet(frame, ["score"])
    assert table.loc["(no outlet given)", ("score", "reporting")] == 1.0
    assert table.loc["D", ("score", "commentary")] == -0.4
    assert np.isnan(table.loc["W", ("score", "commentary")])


def test_the_cluster_bootstrap_covers_where_resampling_sentences_does_not():
    from analysis.stats import cluster_mean_ci

    rng = np.random.default_rng(1)
    covered = {"articles": 0, "sentences": 0}
    for _ in range(100):
        effects = rng.normal(0, 1, 20)  # 20 articles, each with its own level
        values = np.concatenate([effect + rng.normal(0, 0.3, 10) for effect in effects])
        clusters = np.repeat(np.arange(20), 10)
        low, high = cluster_mean_ci(values, clusters, n_resamples=999)
        covered["articles"] += low <= 0 <= high
        low, high = mean_ci(values)
        covered["sentences"] += low <= 0 <= high
    assert covered["articles"] >= 88  # about 95 of 100
    assert covered["sentences"] < 70  # an interval that treats sentences as independent
    assert all(np.isnan(cluster_mean_ci([1.0, 2.0], ["a", "a"])))


def test_many_articles_get_the_bootstraps_normal_limit(monkeypatch):
    import analysis.stats as module

    frame = _clustered(600, -0.2, 9)
    normal = compare_groups(frame, ["score"], categories=SECTIONS)
    monkeypatch.setattr(module, "CLUSTER_BOOTSTRAP_LIMIT", 10_000)
    bootstrap = compare_groups(frame, ["score"], categories=SECTIONS)
    for fast, slow in zip(normal, bootstrap, strict=True):
        for column in ("mean_low", "mean_high", "difference_low", "difference_high"):
            if column in fast:
                assert fast[column].to_numpy() == pytest.approx(slow[column].to_numpy(), abs=0.01)


def test_the_pooled_difference_is_of_the_articles_holding_both_groups():
    # 30 articles with both sections and no difference inside them, and 30 articles of
    # reporting only that score higher: the pooled difference must not report the gap
    # between articles as a difference between commentary and reporting.
    mixed = _clustered(30, 0.0, 11, spread=0.0)
    alone = pd.DataFrame(
        {
            "article_id": np.repeat([f"r{i}" for i in range(30)], 6),
            "section": "reporting",
            "score": np.random.default_rng(12).normal(0.3, 0.3, 180),
        }
    )
    _, tests = compare_groups(pd.concat([mixed, alone]), ["score"], categories=SECTIONS)
    row = tests.iloc[0]
    assert row["n_articles_both"] == 30 and row["n_a_both"] == 180 and row["n_b_both"] == 60
    assert row["difference_low"] <= 0 <= row["difference_high"] and row["p_value"] > 0.05


def test_the_permutation_test_agrees_with_itself_and_refuses_what_it_cannot_test():
    from analysis.stats import within_article_permutation_test as test

    rng = np.random.default_rng(8)
    articles = np.repeat(np.arange(40), 8)
    second = np.tile([True, True] + [False] * 6, 40)
    for shift in (0.0, 0.15, 0.3):
        values = rng.normal(0, 1, 320) + shift * second + np.repeat(rng.normal(0, 1, 40), 8)
        normal = test(values, second, articles)["p_value"]
        counted = test(values, second, articles, normal_above=10**9)["p_value"]
        assert normal == pytest.approx(counted, abs=0.02)
    tiny = rng.normal(0, 1e-6, 320) + 1e-6 * second
    assert test(tiny, second, articles)["p_value"] < 0.01, "small scales are not 'all equal'"
    with pytest.raises(ValueError, match="NaN"):
        test(np.r_[np.nan, values[1:]], second, articles)
    with pytest.raises(ValueError, match="article id"):
        test(values, second, np.r_[None, articles[1:]].astype(object))
