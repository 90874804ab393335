"""What linking leaves for the interface: pages of timelines, months, companions, the palette."""

from __future__ import annotations

from collections import Counter

from search import Library
from search import links as _links
from search.store import Store


def test_companions_counted_over_the_entitys_articles_match_the_corpus_wide_count(library: Library):
    library.prepare_views()
    store: Store = library.store  # type: ignore[assignment]
    links = library.links.get(store, library.links.key[0])
    for entity in library.entities()[:8]:
        fast = _links.entity_detail(store, links, entity, library.entities_by_article())
        slow = _links.entity_detail(store, links, entity)
        assert fast.cooccurring == slow.cooccurring


def test_months_and_people_beside_an_entity(library: Library):
    library.prepare_views()
    kudlow = library.find_entity("Larry Kudlow")
    months = library.entity_months(kudlow.id)
    dated = [d for _, d in library.titles(list(kudlow.articles)).values() if d]
    assert months == sorted(Counter(d.strftime("%Y-%m") for d in dated).items())
    people = library.entity_companions(kudlow.id, limit=3)
    assert 0 < len(people) <= 3 and all(pid.startswith("person:") and pid != kudlow.id for pid, _, _ in people)
    counts = [n for _, _, n in people]
    assert counts == sorted(counts, reverse=True)
    assert counts[0] == len(set(kudlow.articles) & set(library.find_entity(people[0][0]).articles))


def test_timeline_pages_follow_each_other_in_the_timelines_order(library: Library):
    whole = library.timeline().events
    pages: list = []
    offset = 0
    while True:
        page = library.timeline_page(offset=offset, limit=3)
        if not page.events:
            break
        pages.extend(page.events)
        offset = page.end
    assert [e.id for e in pages] == [e.id for e in whole]
    assert sum(g.count for g in page.groups) == page.total == len(whole)
    kudlow = library.timeline_page("Larry Kudlow", limit=100)
    assert kudlow.entity == "person:larry-kudlow"
    assert [e.id for e in kudlow.events] == [e.id for e in library.timeline(person="Larry Kudlow").events]
    assert library.timeline_event(whole[0].id) == whole[0]
    assert library.timeline_event("ev-nothing") is None


def test_palette_table_is_rebuilt_only_when_the_links_change(library: Library):
    library.prepare_views()
    store: Store = library.store  # type: ignore[assignment]
    before = store.get_meta("derived_key")
    library.prepare_views()
    assert store.get_meta("derived_key") == before
    assert [i.kind for i in library.palette("Kudlow")][:1] == ["entity"]
    assert library.palette("") == [] and library.palette("zzzqx") == []
