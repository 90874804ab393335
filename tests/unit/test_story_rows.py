"""Grouping the list's pages into one row per story, without any interface."""

from __future__ import annotations

from search import Hit, Story
from tui.story_rows import PAGE_SIZE, PageRows, StoryMark, group_page, story_marks


def _hit(article_id: str) -> Hit:
    return Hit(id=article_id, title=article_id, date=None, score=1.0, snippet="", snippet_spans=())


def test_story_marks_rank_versions_newest_first():
    marks = story_marks([Story("a", "A", None, ("c", "b", "a")), Story("d", "D", None, ("d",))])
    assert marks["c"] == StoryMark("a", 3, 0)
    assert marks["a"] == StoryMark("a", 3, 2)
    assert marks["d"] == StoryMark("d", 1, 0)


def test_a_page_groups_into_one_row_per_story_at_its_best_place_showing_its_newest_version():
    marks = story_marks([Story("a", "A", None, ("c", "b", "a"))])
    rows = group_page([_hit("b"), _hit("x"), _hit("c"), _hit("y")], marks)
    assert [(r.hit.id, r.versions) for r in rows] == [("c", 3), ("x", 1), ("y", 1)]


def test_an_article_without_a_known_story_is_a_row_of_its_own():
    rows = group_page([_hit("x"), _hit("x2")], {})
    assert [(r.hit.id, r.versions) for r in rows] == [("x", 1), ("x2", 1)]


def test_page_rows_count_unfetched_pages_one_row_an_article_until_fetched():
    rows = PageRows(2 * PAGE_SIZE + 10)
    assert rows.rows == 2 * PAGE_SIZE + 10 and not rows.exact
    rows.set_page(0, PAGE_SIZE - 5)
    assert rows.rows == 2 * PAGE_SIZE + 5
    assert rows.locate(PAGE_SIZE - 6) == (0, PAGE_SIZE - 6)
    assert rows.locate(PAGE_SIZE - 5) == (1, 0)  # the second page starts where the first's rows end
    assert rows.start(2) == 2 * PAGE_SIZE - 5
    rows.set_page(1, 40)
    rows.set_page(2, 10)
    assert rows.exact and rows.rows == PAGE_SIZE - 5 + 40 + 10
    assert rows.locate(rows.rows - 1) == (2, 9)


def test_page_rows_keep_fetched_pages_when_the_total_is_counted():
    rows = PageRows(PAGE_SIZE)
    rows.set_page(0, 30)
    rows.resize(3 * PAGE_SIZE)
    assert rows.rows == 30 + 2 * PAGE_SIZE and not rows.exact
