"""Stories through the Library: computed at index time, kept up to date, corrected by hand."""

from __future__ import annotations

import random
from collections.abc import Callable
from pathlib import Path

import pytest

from search import Library, Story
from search.errors import OverridesError
from tests.seeds import S000, S001, S002, S003, S004

_WORDS = "quarry ferry budget senate glacier tender vineyard pipeline ballot lagoon harvest tribunal".split()


def _sentences(seed: int, n: int) -> list[str]:
    rng = random.Random(seed)
    return [" ".join(rng.choice(_WORDS) for _ in range(12)).capitalize() + "." for _ in range(n)]


def _doc(day: str, sentences: list[str]) -> str:
    return f"date: {day}\n\n" + " ".join(sentences)


def test_the_seed_update_and_its_earlier_version_are_one_story(library: Library) -> None:
    stories = library.stories()
    by_id = {s.id: s for s in stories}
    assert {S000, S001} in [set(s.articles) for s in stories]
    story = next(s for s in stories if S000 in s.articles)
    assert isinstance(story, Story)
    assert story.id == min((S000, S001), key=lambda a: (library.article(a).date, a))
    assert len(stories) == 4
    for single in (S002, S003, S004):
        assert by_id[single].articles == (single,)


def test_stories_of_some_articles_and_versions_newest_first(library: Library) -> None:
    [story] = library.stories([S001])
    dates = [library.article(a).date for a in story.articles]
    assert None not in dates
    assert dates == sorted((d for d in dates if d), reverse=True)


def test_adding_and_removing_a_version_keeps_the_story_in_step(
    make_corpus: Callable[..., Path], open_library: Callable[..., Library]
) -> None:
    first = _sentences(1, 10)
    corpus = make_corpus({"a.txt": _doc("2021-04-01", first), "other.txt": _doc("2021-04-01", _sentences(2, 10))})
    lib = open_library(corpus)
    assert [s.articles for s in lib.stories()] == [("a",), ("other",)]
    (corpus / "b.txt").write_text(_doc("2021-04-02", first[:6] + _sentences(3, 8)), encoding="utf-8")
    lib.update()
    assert [s.articles for s in lib.stories()] == [("b", "a"), ("other",)]
    (corpus / "a.txt").unlink()
    lib.update()
    assert [(s.id, s.articles) for s in lib.stories()] == [("other", ("other",)), ("b", ("b",))]


def test_override_file_joins_and_splits_stories(
    library: Library, tmp_path: Path, open_library: Callable[..., Library], seed_corpus: Path, seed_index: Path
) -> None:
    overrides = tmp_path / "overrides.toml"
    overrides.write_text(
        f'[[stories.split]]\narticles = ["{S000}", "{S001}"]\n\n[[stories.join]]\narticles = ["{S002}", "{S003}"]\n',
        encoding="utf-8",
    )
    lib = open_library(seed_corpus, seed_index, update=False, overrides_path=overrides)
    groups = sorted(sorted(s.articles) for s in lib.stories())
    assert groups == sorted([[S000], [S001], sorted([S002, S003]), [S004]])


def test_a_bad_stories_table_is_a_clear_error(
    tmp_path: Path, open_library: Callable[..., Library], seed_corpus: Path, seed_index: Path
) -> None:
    overrides = tmp_path / "overrides.toml"
    overrides.write_text('[[stories.join]]\narticles = ["only-one"]\n', encoding="utf-8")
    lib = open_library(seed_corpus, seed_index, update=False, overrides_path=overrides)
    with pytest.raises(OverridesError, match="stories.join"):
        lib.stories()


def test_conflicts_come_from_events_of_different_stories(
    make_corpus: Callable[..., Path], open_library: Callable[..., Library]
) -> None:
    corpus = make_corpus(
        {
            "one.txt": "date: 2021-03-02\n\nThe ministry approved a rescue package of $4.5 billion for the rail "
            "operator on Tuesday. " + " ".join(_sentences(4, 6)),
            "two.txt": "date: 2021-03-02\n\nThe ministry approved a rescue package of $3.8 billion for the rail "
            "operator on Tuesday. " + " ".join(_sentences(5, 6)),
        }
    )
    lib = open_library(corpus)
    conflicts = lib.conflicts()
    assert [(c.field, [v.value for v in c.values]) for c in conflicts] == [
        ("amount: rescue package", ["$3.8 billion", "$4.5 billion"])
    ]


def test_events_name_their_stories_and_keep_their_articles(library: Library) -> None:
    events = library.timeline().events
    shared = [e for e in events if {S000, S001} <= set(e.articles)]
    assert shared, "the seed update and its earlier version tell some event together"
    for e in shared:
        [story] = [st for st in e.stories if S000 in st.articles]
        assert set(story.articles) == {S000, S001}
    for e in events:
        assert sorted(a for st in e.stories for a in st.articles) == sorted(e.articles)


def test_story_field_finds_every_version_by_any_of_its_article_ids(library: Library) -> None:
    for member in (S000, S001):
        page = library.search(f"story:{member}")
        assert {h.id for h in page.hits} == {S000, S001}
    assert library.search(f"story:{S002}").total == 1
    assert library.search("story:no-such-article").total == 0
    assert {h.id for h in library.search(f"story:{S000} AND kudlow").hits} <= {S000, S001}


def test_story_thresholds_come_from_the_config_file(
    make_corpus: Callable[..., Path], open_library: Callable[..., Library], user_dirs
) -> None:
    from search.paths import default_config_path

    first = _sentences(11, 10)
    corpus = make_corpus(
        {"a.txt": _doc("2021-04-01", first), "b.txt": _doc("2021-04-02", first[:3] + _sentences(12, 9))}
    )
    assert [s.articles for s in open_library(corpus).stories()] == [("b", "a")]
    config = default_config_path()
    config.parent.mkdir(parents=True, exist_ok=True)
    config.write_text("[stories]\nmin_containment = 0.5\n", encoding="utf-8")
    assert [s.articles for s in open_library(corpus).stories()] == [("a",), ("b",)]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[stories]\nmin_overlap = 0.5\n", "stories.min_overlap is not a setting"),
        ('[stories]\nmin_shared = "3"\n', "stories.min_shared must be a number"),
        ("[stories]\nmin_containment = 2\n", "min_containment must be above 0"),
    ],
)
def test_bad_story_settings_are_one_line_errors(text: str, message: str, user_dirs) -> None:
    from search.config import ConfigError, load_config
    from search.paths import default_config_path

    config = default_config_path()
    config.parent.mkdir(parents=True, exist_ok=True)
    config.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError, match=message):
        load_config()


@pytest.mark.parametrize("sort", ["score", "date"])
@pytest.mark.parametrize("query", ["china", "tariffs OR trade", ""])
def test_results_by_story_put_versions_side_by_side_and_count_the_stories(
    library: Library, query: str, sort: str
) -> None:
    plain = library.search(query, limit=50, sort=sort)
    grouped = library.search(query, limit=50, sort=sort, by_story=True)
    assert plain.stories == -1
    assert grouped.total == plain.total and {h.id for h in grouped.hits} == {h.id for h in plain.hits}
    story_of = {a: s.id for s in library.stories() for a in s.articles}
    order = [story_of[h.id] for h in grouped.hits]
    assert grouped.stories == len(set(order)) < len(order)  # the seeds' update and its earlier version
    # Each story's versions side by side, the stories in the order of their best version.
    runs = [s for n, s in enumerate(order) if n == 0 or order[n - 1] != s]
    assert len(runs) == len(set(runs))
    best = list(dict.fromkeys(story_of[h.id] for h in plain.hits))
    if sort == "score":
        assert runs == best
    # Later pages continue the same order.
    paged = [
        h.id
        for n in range(0, grouped.total, 2)
        for h in library.search(query, limit=2, offset=n, by_story=True, sort=sort).hits
    ]
    assert paged == [h.id for h in grouped.hits]


def test_the_story_count_of_results_follows_the_corpus(
    make_corpus: Callable[..., Path], open_library: Callable[..., Library]
) -> None:
    first = _sentences(1, 10)
    corpus = make_corpus({"a.txt": _doc("2021-04-01", first), "other.txt": _doc("2021-04-01", _sentences(2, 10))})
    lib = open_library(corpus)
    assert lib.search("ferry OR quarry", by_story=True).stories == 2
    (corpus / "b.txt").write_text(_doc("2021-04-02", first[:6] + _sentences(3, 8)), encoding="utf-8")
    lib.update()
    page = lib.search("ferry OR quarry", by_story=True)
    assert (page.total, page.stories) == (3, 2)
    (corpus / "a.txt").unlink()
    lib.update()
    page = lib.search("ferry OR quarry", by_story=True)
    assert (page.total, page.stories) == (2, 2)


def test_results_by_story_fall_back_to_plain_ranking_where_the_index_cannot_be_read_so(
    library: Library, monkeypatch: pytest.MonkeyPatch
) -> None:
    from search.engine import fastpaths

    monkeypatch.setattr(fastpaths, "BLOCK_SCORING", False)
    page = library.search("china", limit=50, by_story=True)
    assert page.stories == -1 and page.hits
    assert [h.id for h in page.hits] == [h.id for h in library.search("china", limit=50).hits]
