"""Stories: versions of one report grouped by the sentences they share."""

from __future__ import annotations

import random
import re
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from search.stories import (
    _FAST_BREAK,
    MIN_WORDS,
    MemoryTable,
    StoryConfig,
    StoryGrouper,
    StoryOverrides,
    apply_overrides,
    compare_versions,
    fingerprints,
    sentences,
)
from search.stories import _hash as _fingerprint_hash

_WORDS = (
    "harbour council ministers river budget pledged border farmers grain tariffs railway inquiry "
    "festival striker coalition drought vaccine museum refinery lawmakers envoy shipment quarterly "
    "pension teachers bridge ceasefire auditors satellite orchard reservoir copper dockworkers"
).split()


def _sentence(rng: random.Random) -> str:
    words = [rng.choice(_WORDS) for _ in range(rng.randint(9, 16))]
    return words[0].capitalize() + " " + " ".join(words[1:]) + "."


def _article(rng: random.Random, n: int) -> list[str]:
    return [_sentence(rng) for _ in range(n)]


def _text(sents: list[str]) -> str:
    return " ".join(sents[:3]) + "\n\n" + " ".join(sents[3:])


def _grouper(**config: float) -> StoryGrouper:
    return StoryGrouper(MemoryTable(), StoryConfig(**config))  # type: ignore[arg-type]


def test_sentences_split_at_ends_and_paragraphs_and_keep_exact_spans() -> None:
    body = 'He said "it is over." Then they left.\n\nA new day began! Was it? Yes 2.5 percent.'
    spans = sentences(body)
    pieces = [body[s:e] for s, e in spans]
    assert pieces == ['He said "it is over."', "Then they left.", "A new day began!", "Was it?", "Yes 2.5 percent."]


def test_fingerprints_ignore_case_punctuation_figures_and_short_sentences() -> None:
    one = fingerprints("Tariffs on $200 billion of goods take effect on Monday, officials said. Too short.")
    two = fingerprints("tariffs on $250 BILLION of goods take effect on monday officials said!")
    assert one == two
    assert len(one) == 1


def _fingerprints_as_first_written(body: str) -> tuple[int, ...]:
    """fingerprints() as first written: figures and punctuation replaced by spaces, then split."""
    keys = set()
    for piece in _FAST_BREAK.split(body.lower()):
        words = re.sub(r"[\W\d_]+", " ", piece).split()
        if len(words) >= MIN_WORDS:
            keys.add(_fingerprint_hash(" ".join(words).encode("utf-8")))
    return tuple(sorted(keys))


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            ["Tariffs", "on", "$200", "billion", "of", "goods", "U.S.", "co-operation", "don't", "x_y", "caf\u00e9",
             "\u0130stanbul", "STRASSE", "2.5", ",", ".", "!", "\n\n", "\u2014", "\u00a0", "\t", "\u2019s"]
        ),
        max_size=60,
    ).map(" ".join)
)  # fmt: skip
def test_fingerprints_equal_the_first_written_formula_on_any_text(body: str) -> None:
    # Stored fingerprints must not change between releases: a new article is matched
    # against fingerprints computed by the release that indexed its versions.
    assert fingerprints(body) == _fingerprints_as_first_written(body)


def test_exact_copy_joins_the_first_version() -> None:
    rng = random.Random(1)
    text = _text(_article(rng, 12))
    grouper = _grouper()
    assert grouper.add("a", text, date(2020, 1, 1)) == "a"
    assert grouper.add("b", text, date(2020, 1, 2)) == "a"


def test_update_with_added_paragraphs_joins_and_an_earlier_version_names_the_story() -> None:
    rng = random.Random(2)
    first = _article(rng, 8)
    update = first[:6] + _article(rng, 20)  # the update keeps 6 of 8 sentences and grows to 26
    grouper = _grouper()
    assert grouper.add("update", _text(update), date(2020, 3, 2)) == "update"
    # The earlier version is indexed after the update: the story takes its id.
    assert grouper.add("first", _text(first), date(2020, 3, 1)) == "first"
    assert grouper.table.story_of("update") == "first"


def test_a_quarter_of_the_shorter_article_is_enough() -> None:
    rng = random.Random(3)
    shared = _article(rng, 4)
    a = shared + _article(rng, 12)
    b = _article(rng, 6) + shared + _article(rng, 6)
    grouper = _grouper()
    grouper.add("a", _text(a), date(2020, 1, 1))
    assert grouper.add("b", _text(b), date(2020, 1, 2)) == "a"


def test_light_rewrite_with_changed_figures_joins() -> None:
    rng = random.Random(4)
    original = [s[:-1] + " by 12." for s in _article(rng, 10)]
    rewrite = [s.replace("by 12", "by 15") for s in original[:5]] + _article(rng, 5)
    grouper = _grouper()
    grouper.add("wire", _text(original), date(2020, 5, 1))
    # Same day: the story is named after the smaller id.
    assert grouper.add("outlet", _text(rewrite), date(2020, 5, 1)) == "outlet"
    assert grouper.table.story_of("wire") == "outlet"


def test_two_stories_sharing_a_quote_and_boilerplate_stay_apart() -> None:
    rng = random.Random(5)
    quote = _sentence(rng)
    boilerplate = _sentence(rng)
    a = _article(rng, 14) + [quote, boilerplate]
    b = _article(rng, 14) + [quote, boilerplate]
    grouper = _grouper()
    grouper.add("a", _text(a), date(2020, 1, 1))
    assert grouper.add("b", _text(b), date(2020, 1, 2)) == "b"


def test_boilerplate_in_many_articles_is_not_evidence() -> None:
    rng = random.Random(6)
    tail = _article(rng, 3)  # the same three-sentence sign-off under every article
    grouper = _grouper(max_sentence_articles=5)
    stories = {grouper.add(f"a{i}", _text(_article(rng, 10) + tail), date(2020, 1, 1 + i)) for i in range(10)}
    # The first few articles share three sentences and group; once the sign-off is
    # common, it stops counting and later articles stand alone.
    assert {f"a{i}" for i in range(6, 10)} <= stories


def test_grouping_does_not_chain_through_a_middle_version() -> None:
    rng = random.Random(7)
    first, middle_only, last_only = _article(rng, 6), _article(rng, 6), _article(rng, 6)
    grouper = _grouper(min_containment=0.4)
    grouper.add("first", _text(first), date(2020, 1, 1))
    # Half first, half new: joins the first version.
    assert grouper.add("middle", _text(first[:3] + middle_only), date(2020, 1, 2)) == "first"
    # Shares only the middle's new half: close to the middle, not to the first version.
    assert grouper.add("last", _text(middle_only[:3] + last_only), date(2020, 1, 3)) == "last"


def test_removing_the_first_version_renames_the_story_after_the_next_oldest() -> None:
    rng = random.Random(8)
    text = _text(_article(rng, 10))
    grouper = _grouper()
    for i, name in enumerate(["x", "y", "z"]):
        grouper.add(name, text, date(2020, 1, 1 + i))
    grouper.remove("x")
    assert {grouper.table.story_of(a) for a in ("y", "z")} == {"y"}


def test_re_adding_an_article_replaces_its_old_fingerprints() -> None:
    rng = random.Random(9)
    text = _text(_article(rng, 10))
    grouper = _grouper()
    grouper.add("a", text, date(2020, 1, 1))
    grouper.add("b", text, date(2020, 1, 2))
    assert grouper.add("b", _text(_article(rng, 10)), date(2020, 1, 2)) == "b"
    assert grouper.table.members("a") == ["a"]


def test_overrides_split_then_join_and_rename_after_the_oldest() -> None:
    stories = {"a": "a", "b": "a", "c": "c", "d": "d"}
    order = {k: ("2020-01-0" + str(i), k) for i, k in enumerate("abcd", start=1)}
    overrides = StoryOverrides.from_mapping(
        {"split": [{"articles": ["a", "b"]}], "join": [{"articles": ["d", "c"]}]},
    )
    assert apply_overrides(stories, overrides, order) == {"a": "a", "b": "b", "c": "c", "d": "c"}


@pytest.mark.parametrize(
    "data",
    [{"join": {"articles": ["a"]}}, {"join": [{"articles": ["a"]}]}, {"split": [{"ids": ["a", "b"]}]}],
)
def test_bad_override_tables_are_refused_with_a_message(data: dict) -> None:
    with pytest.raises(ValueError, match="stories"):
        StoryOverrides.from_mapping(data)


def test_compare_versions_lists_added_and_dropped_sentences_in_order() -> None:
    old = "One sentence stays here. Another one goes away now. The last stays too."
    new = "One sentence stays here. A brand new claim appears. The last stays too. And a coda."
    diff = compare_versions(old, new)
    assert diff.added == ("A brand new claim appears.", "And a coda.")
    assert diff.dropped == ("Another one goes away now.",)
    assert diff.kept == 2


def test_config_refuses_impossible_thresholds() -> None:
    with pytest.raises(ValueError):
        StoryConfig(min_containment=0)
    with pytest.raises(ValueError):
        StoryConfig(min_shared=0)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 4), st.integers(0, 30)), min_size=1, max_size=25), st.integers(0, 999))
def test_every_story_is_named_after_its_oldest_member_and_members_match_the_first_version(
    plan: list[tuple[int, int]], seed: int
) -> None:
    rng = random.Random(seed)
    families = [_article(rng, 10) for _ in range(5)]
    grouper = _grouper()
    for number, (family, day) in enumerate(plan):
        keep = rng.sample(families[family], 6)
        grouper.add(f"n{number}", _text(keep + _article(rng, 3)), date(2020, 1, 1 + day))
    table = grouper.table
    assert isinstance(table, MemoryTable)
    for story in set(table.stories.values()):
        members = table.members(story)
        assert story in members
        assert story == min(members, key=table.order_key)


@settings(max_examples=40, deadline=None)
@given(
    st.lists(
        st.tuples(st.booleans(), st.integers(0, 7), st.lists(st.integers(0, 12), max_size=8, unique=True)), max_size=30
    )
)
def test_the_side_tables_counts_and_sharing_agree_with_the_memory_table(
    steps: list[tuple[bool, int, list[int]]],
) -> None:
    import sqlite3

    from search.store_tables import StoryTable

    db = sqlite3.connect(":memory:")
    stored, memory = StoryTable(db), MemoryTable()
    for adding, number, hashes in steps:
        article = f"a{number}"
        for table in (stored, memory):
            table.remove(article)
            if adding:
                table.add(article, hashes, article, None)
        # Asked after every step: what the side table remembers of its look-ups must follow
        # each add and remove.
        asked = hashes or [number]
        assert stored.article_counts(asked) == memory.article_counts(asked)
        assert stored.sharing(asked) == memory.sharing(asked)
    every = list(range(13))
    assert stored.article_counts(every) == memory.article_counts(every)
    assert stored.sharing(every) == memory.sharing(every)
    stored.forget()
    assert stored.sharing(every) == memory.sharing(every)
    # Counts kept by a side table written before they were: the same once it is reopened.
    db.execute("DELETE FROM story_hash_counts")
    assert StoryTable(db).article_counts(every) == memory.article_counts(every)


def test_a_rolled_back_story_row_is_not_remembered(tmp_path) -> None:
    from search.store import Store

    store = Store(tmp_path / "state.sqlite")
    table = store.stories
    table.add("kept", [1, 2, 3], "kept", None)
    store.commit()
    assert table.sharing([1, 2, 3]) == {"kept": 3}  # looked up, and so remembered
    table.add("undone", [1, 2, 3], "undone", None)
    assert table.sharing([1, 2, 3]) == {"kept": 3, "undone": 3}
    store.rollback()
    assert table.sharing([1, 2, 3]) == {"kept": 3}
    assert table.article_counts([1, 2, 3]) == {1: 1, 2: 1, 3: 1}
    # Rows wait in memory until the commit: a rollback drops them, a commit writes them.
    table.add("undone", [4, 5], "undone", None)
    assert table.article_counts([4, 5]) == {4: 1, 5: 1} and table.sharing([4]) == {"undone": 1}
    store.rollback()
    assert table.article_counts([4, 5]) == {} and table.sharing([4, 5]) == {}
    table.add("late", [3, 4], "late", None)
    store.commit()
    store.close()
    reopened = Store(tmp_path / "state.sqlite").stories
    assert reopened.article_counts([1, 3, 4, 5]) == {1: 1, 3: 2, 4: 1}
    assert reopened.sharing([3, 4]) == {"kept": 1, "late": 2}
    reopened.db.close()
