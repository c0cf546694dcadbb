"""Commentary against reporting in sentiment, as the notebooks and the report state it:
the article as the unit for the headline, the lexicons' coverage beside every comparison,
the comparison repeated on the rows where TextBlob found a word, where the opinion model
ranks the commentary among its article's rows, and how well each score tracks opinion.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..stats import (
    compare_groups,
    describe_groups,
    format_number,
    format_p,
    holm,
    within_article_summary,
)
from .engines import NO_EVIDENCE, evidence_column, has_evidence
from .opinion import validity_sentence

__all__ = [
    "ALL_ROWS",
    "EVIDENCE_ROWS",
    "MEASURE_NAMES",
    "SectionComparison",
    "compare_sections",
    "describe_scores",
    "evidence_coverage",
    "group_order",
    "opinion_ranks",
    "paragraph_scores",
]

ALL_ROWS = "all rows"
EVIDENCE_ROWS = "rows with a TextBlob word"

# Plain names for the score columns, as sentences and table headers show them.
MEASURE_NAMES = {
    "tb_polarity": "polarity (TextBlob)",
    "tb_subjectivity": "subjectivity (TextBlob)",
    "vader_compound": "polarity (VADER)",
    "opinion": "opinion probability (model)",
}

# What "lower" and "higher" mean for each measure, in words.
_DIRECTIONS = {
    "tb_polarity": ("more negative", "more positive"),
    "tb_subjectivity": ("less subjective", "more subjective"),
    "vader_compound": ("more negative", "more positive"),
    "opinion": ("less opinionated", "more opinionated"),
}


# The order groups are shown in: the writer's own reporting first, the commentary last.
_ORDER = ("reporting", "narration", "quote", "commentary")


def group_order(labels) -> list[str]:
    """The groups present in ``labels``, reporting, narration, quote and commentary first
    (in that order), then any others alphabetically.

    >>> group_order(["commentary", "other", "reporting", "commentary"])
    ['reporting', 'commentary', 'other']
    """
    present = set(pd.Series(labels, dtype=object).astype(str))
    return [g for g in _ORDER if g in present] + sorted(present - set(_ORDER))


def describe_scores(
    scored: pd.DataFrame,
    measures: Sequence[str],
    *,
    category_col: str = "section",
    categories: Sequence[str] | None = None,
    article_col: str = "article_id",
) -> pd.DataFrame:
    """Per measure and group, the mean of the rows where the measure's engine found a word
    of its lexicon, with its 95% interval (whole articles resampled), and how many rows it
    leaves out for having none: the means and intervals the distribution charts draw.

    A row without a word scores 0.0 for want of evidence: it is counted in
    ``n_without_word``, never averaged in. The columns are those of
    :func:`analysis.stats.describe_groups` (``n`` counts the rows with a word), then
    ``n_without_word``. ``categories``: the groups in order, by default those present
    (:func:`group_order`). Without ``article_col`` in the table every row is its own article.

    >>> rows = pd.DataFrame({"article_id": ["a", "a", "b", "b"], "section": ["reporting"] * 4,
    ...     "tb_polarity": [0.5, 0.0, -0.5, 0.3], "tb_n_terms": [1, 0, 2, 1]})
    >>> describe_scores(rows, ["tb_polarity"])[["n", "mean", "n_without_word"]].values.tolist()
    [[3.0, 0.09999999999999999, 1.0]]
    """
    categories = group_order(scored[category_col]) if categories is None else list(categories)
    labels = scored[category_col].astype(str)
    columns = {category_col: labels}
    without = {}
    for measure in measures:
        evidence = has_evidence(scored, measure)
        columns[measure] = scored[measure].where(evidence)  # 0.0 of no word: left out
        missing = scored[measure].notna() & ~evidence
        without[measure] = missing.groupby(labels).sum()
    if article_col in scored:
        columns[article_col] = scored[article_col]
    table = describe_groups(
        pd.DataFrame(columns),
        measures,
        category_col=category_col,
        categories=categories,
        article_col=article_col if article_col in scored else None,
    )
    table["n_without_word"] = [
        int(without[m].get(g, 0)) for m, g in zip(table["measure"], table["group"], strict=True)
    ]
    return table


def paragraph_scores(
    scored: pd.DataFrame,
    measures: Sequence[str],
    *,
    voices: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Paragraph rows of a scored table, in reading order: as given when they are paragraphs,
    else per paragraph the mean of its sentences that have a word of the measure's lexicon
    (missing when none has), with the engines' word counts summed.

    A paragraph's voice is the loader's (:func:`analysis.load.paragraphs.voice_of`, in the
    paragraphs table's ``voice`` column), never decided again from its sentences: a sentence
    table needs ``voices``, a table with ``paragraph_id`` and ``voice`` (the corpus's
    paragraphs, e.g. ``corpus.read("paragraphs", ["paragraph_id", "voice"])``).

    >>> sentences = pd.DataFrame({"article_id": "a", "paragraph_id": ["a:p1", "a:p1"],
    ...     "sentence_id": ["a:p1:s1", "a:p1:s2"], "paragraph": 1, "section": "reporting",
    ...     "tb_polarity": [0.5, 0.0], "tb_n_terms": [1, 0]})
    >>> voices = pd.DataFrame({"paragraph_id": ["a:p1"], "voice": ["quote"]})
    >>> paragraph_scores(sentences, ["tb_polarity"], voices=voices)[
    ...     ["paragraph_id", "voice", "tb_polarity", "tb_n_terms"]].values.tolist()
    [['a:p1', 'quote', 0.5, 1]]
    """
    if "sentence_id" not in scored.columns:
        return scored
    if voices is None:
        raise ValueError(
            "a sentence table needs the paragraphs' voices: voices=corpus.read('paragraphs', "
            "['paragraph_id', 'voice'])"
        )
    keys = ["article_id", "paragraph_id", "paragraph", "section"]
    table = scored.assign(section=scored["section"].astype(str))
    for measure in measures:  # a sentence's 0.0 of no evidence is not averaged in
        table[measure] = table[measure].where(has_evidence(table, measure))
    counts = {
        c: (c, "sum")
        for c in ("tb_n_terms", "vader_pos", "vader_neg", "opinion_n_features")
        if c in table
    }
    aggregated = (
        table.groupby(keys, sort=False, observed=True)
        .agg(**{m: (m, "mean") for m in measures}, **counts)
        .reset_index()
    )
    voice = voices.drop_duplicates("paragraph_id").set_index("paragraph_id")["voice"]
    return aggregated.assign(voice=aggregated["paragraph_id"].map(voice).astype(str))


def opinion_ranks(
    scored: pd.DataFrame,
    *,
    categories: Sequence[str] = ("reporting", "commentary"),
    article_col: str = "article_id",
) -> pd.DataFrame:
    """Where the opinion model puts each commentary row among its article's rows.

    One row per row of the target section (the second of ``categories``) in an article
    that also has rows of the reference section: its ``opinion`` probability, ``rank``
    among the article's rows of both sections (1 is the most opinionated; tied rows share
    the mean of their ranks) and ``n_rows``, the rows ranked (rows without text have no
    score and are left out). ``chance_rank`` is the mean rank a row
    would get if the scores said nothing, ``(n_rows + 1) / 2``.

    >>> rows = pd.DataFrame({"article_id": ["a"] * 4, "paragraph": [1, 2, 3, 4],
    ...     "section": ["reporting", "commentary", "reporting", "commentary"],
    ...     "opinion": [0.2, 0.9, 0.4, 0.3]})
    >>> opinion_ranks(rows)[["paragraph", "rank", "n_rows"]].values.tolist()
    [[2.0, 1.0, 4.0], [4.0, 3.0, 4.0]]
    """
    if "opinion" not in scored.columns:
        raise ValueError("the table has no opinion column: score it with the 'opinion' engine")
    reference, target = categories
    section = scored["section"].astype(str)
    # A row without text has no score: it is not ranked, and not counted among the ranked.
    rows = scored[section.isin([reference, target]) & scored["opinion"].notna()]
    both = rows.groupby(article_col)["section"].agg(
        lambda s: {reference, target} <= set(s.astype(str))
    )
    rows = rows[rows[article_col].map(both).astype(bool)]
    # Tied rows share the mean of their ranks, so a tie for the top is no first place.
    ranks = rows.groupby(article_col)["opinion"].rank(ascending=False, method="average")
    counts = rows.groupby(article_col)["opinion"].transform("size")
    table = rows.assign(rank=ranks, n_rows=counts.astype(int))
    table = table[table["section"].astype(str) == target]
    table = table.assign(chance_rank=(table["n_rows"] + 1) / 2)
    keep = [
        c
        for c in (article_col, "outlet", "paragraph", "sentence", "section", "voice")
        if c in table.columns
    ]
    columns = [*keep, "opinion", "rank", "n_rows", "chance_rank"]
    columns += ["text"] if "text" in table.columns else []
    return table[columns].sort_values([article_col, "rank"], ignore_index=True)


def evidence_coverage(scored: pd.DataFrame, *, category_col: str = "section") -> pd.DataFrame:
    """Per category: rows, and how many and what share of them hold at least one word of
    each engine's lexicon (the rest score 0.0 for want of evidence, not for neutrality).

    >>> from analysis import score_texts
    >>> scored = score_texts(["A good day.", "The port opened.", "An insult."], cache=False)
    >>> evidence_coverage(scored.assign(section="reporting")).iloc[0].to_dict()
    {'section': 'reporting', 'rows': 3, 'textblob_rows': 1, 'textblob_share': 0.3333333333333333, 'vader_rows': 2, 'vader_share': 0.6666666666666666}
    """  # noqa: E501
    table = pd.DataFrame({category_col: scored[category_col].astype(str)})
    engines = ["textblob"] + (["vader"] if "vader_pos" in scored else [])
    for engine in engines:
        table[engine] = has_evidence(scored, engine).to_numpy()
    grouped = table.groupby(category_col, sort=False)
    result = grouped.size().rename("rows").to_frame()
    for engine in engines:
        result[f"{engine}_rows"] = grouped[engine].sum().astype(int)
        result[f"{engine}_share"] = grouped[engine].mean()
    return result.reset_index()


@dataclass
class SectionComparison:
    """Commentary against reporting for each measure, on all rows and on rows with a
    TextBlob word (column ``rows``: ``ALL_ROWS`` or ``EVIDENCE_ROWS``).

    ``within`` is the headline: per article, commentary mean minus reporting mean, then the
    median of those differences with its interval and the signed-rank test (``p_holm``:
    Holm-adjusted over every test of the table). A difference is called one only when the
    adjusted p-value is below 0.05 and the median's interval excludes 0; otherwise the
    sentence says "no clear difference" before it gives the counts.
    ``summary`` and ``tests`` pool the rows, with intervals that resample articles and
    tests that shuffle labels within articles. ``coverage`` is the share of rows each
    lexicon has any word for.
    """

    level: str
    measures: list[str]
    coverage: pd.DataFrame
    summary: pd.DataFrame
    tests: pd.DataFrame
    per_article: pd.DataFrame
    within: pd.DataFrame
    target: str = "commentary"
    reference: str = "reporting"
    ranks: pd.DataFrame | None = None

    def headline(self) -> list[str]:
        """The findings in sentences: coverage first, then each measure within articles,
        on all rows and on rows with evidence, then where the opinion model ranks the
        commentary and how well each score tracks opinion in news. The notebook prints
        these and the report's front page shows them, word for word."""
        sentences = [self._coverage_sentence(), *self._within_sentences()]
        if self.ranks is not None:  # the opinion model was among the engines
            sentences += [self._ranks_sentence(), validity_sentence()]
        return sentences

    def _ranks_sentence(self) -> str:
        ranks = self.ranks
        if ranks is None or not len(ranks):
            return (
                f"The opinion model ranks nothing: no article has both {self.target} and "
                f"{self.reference} {self.level}s."
            )
        articles = ranks.groupby("article_id", sort=False)
        if articles.ngroups == 1:
            n_rows = int(ranks["n_rows"].iloc[0])
            scores = _and([format_number(v, 2) for v in ranks["opinion"]])
            places = _and([f"{r:g}" for r in ranks["rank"]])
            k = len(ranks)
            what = f"{self.target} {self.level}" + ("s" if k > 1 else "")
            return (
                f"The opinion model gives the {k} {what} an opinion probability of {scores}: "
                f"rank{'s' if k > 1 else ''} {places} of the article's {n_rows} {self.level}s "
                f"(1 is the most opinionated; by chance a {self.level} would rank "
                f"{ranks['chance_rank'].iloc[0]:g} on average)."
            )
        first = int(articles["rank"].min().eq(1).sum())  # a tie for the top is 1.5 or more
        # The chance that a commentary row is the top one, if the scores said nothing.
        share = articles.size() / articles["n_rows"].first()
        return (
            f"The opinion model ranks a {self.target} {self.level} as the most opinionated "
            f"of its article in {first:,} of {articles.ngroups:,} articles; by chance about "
            f"{share.clip(upper=1).sum():,.1f} would."
        )

    def tables(self, prefix: str = "") -> dict[str, pd.DataFrame]:
        """Every table of the comparison by the name the report reads it under."""
        return {
            f"{prefix}headline": self.headline_table(),
            f"{prefix}coverage": self.coverage,
            f"{prefix}section-summary": self.summary,
            f"{prefix}section-tests": self.tests,
            f"{prefix}within-article": self.within,
            f"{prefix}per-article": self.per_article,
            **({f"{prefix}opinion-ranks": self.ranks} if self.ranks is not None else {}),
        }

    def headline_table(self) -> pd.DataFrame:
        """The headline sentences as a table (column ``finding``), for the report."""
        return pd.DataFrame({"finding": self.headline()})

    def _coverage_sentence(self) -> str:
        shares = self.coverage.set_index("section").reindex([self.target, self.reference])
        parts = []
        for engine, name in (("textblob", "TextBlob"), ("vader", "VADER")):
            if f"{engine}_share" in shares:
                target, reference = (_percent(v) for v in shares[f"{engine}_share"])
                parts.append((name, target, reference))
        (name, target, reference), *others = parts
        sentence = (
            f"{name} finds a sentiment word in {target} of {self.target} and {reference} of "
            f"{self.reference} {self.level}s"
        )
        sentence += "".join(f", {n} in {t} and {r}" for n, t, r in others)
        return (
            f"{sentence}. The rest score 0.0 for want of evidence ({NO_EVIDENCE}), not "
            "because they are neutral."
        )

    def _within_sentences(self) -> list[str]:
        overall = self.within[self.within["group"] == "all"]
        rows = self.coverage.set_index("section")["rows"]
        n_target, n_reference = (int(rows.get(s, 0)) for s in (self.target, self.reference))
        first = overall[(overall["rows"] == ALL_ROWS)]
        n_articles = int(first["n_articles"].iloc[0]) if len(first) else 0
        if n_articles == 0:
            return [
                f"No article has both {self.target} and {self.reference} {self.level}s: "
                "nothing to compare within articles."
            ]
        if n_articles == 1:
            return [self._one_article_sentence(n_target, n_reference)]
        return [self._within_sentence(row) for _, row in overall.iterrows()]

    def _means(self, rows: str) -> str:
        means = self.summary[self.summary["rows"] == rows].set_index(["measure", "group"])["mean"]
        return "; ".join(
            f"{MEASURE_NAMES.get(m, m)} {format_number(means[(m, self.target)])} against "
            f"{format_number(means[(m, self.reference)])}"
            for m in self.measures
            if (m, self.target) in means.index  # opinion is compared on all rows only
        )

    def _one_article_sentence(self, n_target: int, n_reference: int) -> str:
        sentence = (
            f"One article, with {n_target} {self.target} and {n_reference} {self.reference} "
            f"{self.level}s. Its {self.target} scores {self._means(ALL_ROWS)} (means)."
        )
        evidence = self.summary[self.summary["rows"] == EVIDENCE_ROWS]
        sizes = evidence.drop_duplicates("group").set_index("group")["n"]
        if min(int(sizes.get(s, 0)) for s in (self.target, self.reference)):
            sentence += (
                f" On the {int(sizes[self.target])} {self.target} and "
                f"{int(sizes[self.reference])} {self.reference} {self.level}s with a TextBlob "
                f"word: {self._means(EVIDENCE_ROWS)}."
            )
        return (
            f"{sentence} These numbers describe this one article's {self.level}s: with one "
            "article there is no comparison across articles, and nothing can be said about "
            f"its outlet or about other articles (the pooled tables' intervals and tests, where "
            f"there are enough {self.level}s, are of this article's {self.level}s only)."
        )

    def _within_sentence(self, row: pd.Series) -> str:
        measure = row["measure"]
        lower, higher = _DIRECTIONS.get(measure, ("lower", "higher"))
        n, n_lower, n_higher = int(row["n_articles"]), int(row["n_lower"]), int(row["n_higher"])
        where = "" if row["rows"] == ALL_ROWS else f", on {self.level}s with a TextBlob word"
        name = MEASURE_NAMES.get(measure, measure)
        name = f"{name[0].upper()}{name[1:]}"
        if n == 0:
            return (
                f"{name}{where}: no article has both {self.target} and {self.reference} "
                f"{self.level}s, so nothing can be compared."
            )
        tied = n - n_lower - n_higher
        (first_word, first_n), (second_word, second_n) = sorted(
            [(higher, n_higher), (lower, n_lower)], key=lambda pair: -pair[1]
        )
        counts = f"{first_word} in {first_n:,} of {n:,} articles, {second_word} in {second_n:,}" + (
            f", equal in {tied:,}" if tied else ""
        )
        median = f"median difference {format_number(row['median_difference'])}"
        if not np.isfinite(row["median_low"]) or not np.isfinite(row["p_value"]):
            return f"{name}{where}: the {self.target} is {counts} ({median}; {row['note']})."
        detail = (
            f"{median}, 95% interval {format_number(row['median_low'])} to "
            f"{format_number(row['median_high'])}; signed-rank p = {format_p(row['p_holm'])} "
            f"after Holm's adjustment for the {self.n_within_tests} tests"
        )
        clear = row["p_holm"] < 0.05 and not (row["median_low"] <= 0 <= row["median_high"])
        if clear:
            word = higher if row["median_difference"] > 0 else lower
            verdict = f"the {self.target} is {word} than the {self.reference}"
        else:
            verdict = f"no clear difference between {self.target} and {self.reference}"
        return f"{name}{where}: {verdict}; the {self.target} is {counts} ({detail})."

    @property
    def n_within_tests(self) -> int:
        """How many signed-rank tests the Holm adjustment of ``within`` counts."""
        return int(self.within["p_value"].notna().sum())


def _and(items: list[str]) -> str:
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} and {items[-1]}"


def _percent(share: float) -> str:
    return "–" if not np.isfinite(share) else f"{share:.0%}"


def compare_sections(
    scored: pd.DataFrame,
    measures: Sequence[str],
    *,
    level: str = "paragraph",
    categories: Sequence[str] = ("reporting", "commentary"),
    outlet_col: str = "outlet",
) -> SectionComparison:
    """Compare commentary with reporting for each of ``measures``, article by article and
    pooled, on all rows and on the rows where TextBlob found a word (VADER on the same
    rows, so the two engines are compared on equal terms).

    ``scored`` holds scored rows of one ``level`` ("paragraph" or "sentence") with
    ``article_id`` and ``section``. Rows of other sections are left out.
    """
    reference, target = categories
    rows = scored[scored["section"].astype(str).isin([reference, target])]
    subsets = {ALL_ROWS: rows, EVIDENCE_ROWS: rows[has_evidence(rows)]}
    # The opinion model has evidence for nearly every row: repeating it on the rows with a
    # TextBlob word would only add tests for Holm's adjustment to pay for.
    lexical = [m for m in measures if evidence_column(m) != "opinion"]
    summaries, tests, per_articles, withins = [], [], [], []
    for name, subset in subsets.items():
        chosen = list(measures) if name == ALL_ROWS else lexical
        summary, test = compare_groups(subset, chosen, categories=list(categories))
        summaries.append(summary.assign(rows=name))
        tests.append(test.assign(rows=name))
        for measure in chosen:
            per_article, within = within_article_summary(subset, measure, outlet_col=outlet_col)
            per_articles.append(per_article.assign(rows=name, measure=measure))
            withins.append(within.assign(rows=name))

    def first(frames: list[pd.DataFrame]) -> pd.DataFrame:
        # Empty parts add no rows; pandas warns when they take part in a concatenation.
        table = pd.concat([f for f in frames if len(f)] or frames[:1], ignore_index=True)
        return table[["rows", *[c for c in table.columns if c != "rows"]]]

    tests_table, within_table = first(tests), first(withins)
    # One adjustment over every test of a table, whichever rows it was run on.
    tests_table["p_holm_table"] = holm(tests_table["p_value"])
    within_table["p_holm"] = holm(within_table["p_value"])
    return SectionComparison(
        level=level,
        measures=list(measures),
        coverage=evidence_coverage(rows),
        summary=first(summaries),
        tests=tests_table,
        per_article=first(per_articles),
        within=within_table,
        target=target,
        reference=reference,
        ranks=opinion_ranks(rows, categories=categories) if "opinion" in rows else None,
    )
