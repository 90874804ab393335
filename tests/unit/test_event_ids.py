"""Event ids are unique, even where reprinted articles share sentences."""

from __future__ import annotations

import random
from collections import Counter

from search import Library

# One sentence names the same three months twice: as a quarter and as a range of months.
SHARED = "Sales rose in the third quarter of 2018, from July to September 2018, officials said."
OTHERS = [
    "Trade talks resumed in Washington on Monday.",
    "Steel tariffs took effect on March 23, 2018.",
    "The minister spoke to reporters in Beijing on Tuesday.",
    "Farmers asked for relief after the harvest.",
    "Exports fell in the first half of 2019, from January to June 2019.",
]


def test_articles_sharing_sentences_give_events_unique_ids(make_corpus, tmp_path):
    rng = random.Random(7)
    files = {}
    for i in range(12):
        lines = rng.sample(OTHERS, 3) + [SHARED]
        rng.shuffle(lines)
        files[f"a{i:02d}.txt"] = f" date 2018-10-{1 + i:02d}\n" + "\n\n".join(lines) + "\n"
    with Library(make_corpus(files), tmp_path / "index") as lib:
        lib.update(procs=1)
        events = lib.timeline().events
    assert len(events) > 3
    repeated = [eid for eid, n in Counter(e.id for e in events).items() if n > 1]
    assert repeated == []
    # The quarter and the months are two events of the same sentence, each told by all twelve.
    spans = [e for e in events if (e.start.isoformat(), e.end.isoformat()) == ("2018-07-01", "2018-09-30")]
    assert sorted(e.precision for e in spans) == ["month", "quarter"]
    assert all(len(e.articles) == 12 for e in spans)
