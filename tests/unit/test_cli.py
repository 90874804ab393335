"""The `tradetui` command: every subcommand, its JSON shapes, options and exit codes."""

from __future__ import annotations

import csv
import html
import io
import json
import os
import subprocess
from pathlib import Path

import pytest

import search
from tests.seeds import ROOT, S000, S001, S002, S003, S004, SEED_IDS


@pytest.fixture
def tt(run_cli, seed_corpus, seed_index):
    """Run a command against a private, already indexed copy of the seeds."""

    def run(*args):
        return run_cli(*args, "--corpus", seed_corpus, "--index", seed_index)

    return run


def one_line_error(err: str) -> str:
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("tradetui: error: ")
    assert "Traceback" not in err
    return lines[0]


# -- index -------------------------------------------------------------------------------


def test_index_first_run_stdout_is_one_json_document(run_cli, seed_corpus, index_dir):
    res = run_cli("index", "--json", "--corpus", seed_corpus, "--index", index_dir)
    assert res.code == 0
    doc = json.loads(res.out)  # nothing else on stdout: no progress, no messages
    assert doc == {"added": 5, "updated": 0, "deleted": 0, "unchanged": 0, "skipped": []}
    res = run_cli("index", "--json", "--corpus", seed_corpus, "--index", index_dir)
    assert res.json() == {"added": 0, "updated": 0, "deleted": 0, "unchanged": 5, "skipped": []}


def test_search_on_first_indexing_is_one_json_document(run_cli, seed_corpus, index_dir):
    (seed_corpus / "broken.txt").write_bytes(b"\x00\x01binary")
    res = run_cli("search", "tariffs", "--json", "--corpus", seed_corpus, "--index", index_dir)
    assert res.code == 0
    assert res.json()["total"] == 5
    assert "broken.txt: binary file, not text" in res.err  # warnings go to stderr


def test_index_reports_skipped_files(run_cli, seed_corpus, index_dir):
    (seed_corpus / "empty.txt").write_bytes(b"")
    res = run_cli("index", "--json", "--corpus", seed_corpus, "--index", index_dir)
    assert res.code == 0
    doc = res.json()
    assert doc["added"] == 5
    assert doc["skipped"] == [{"path": "empty.txt", "reason": "empty file"}]
    assert "skipped 1 file(s)" in res.err


def test_index_plain_and_rebuild(tt):
    res = tt("index")
    assert res.code == 0
    assert "0 added, 0 updated, 0 deleted, 5 unchanged, 0 skipped" in res.out
    res = tt("index", "--rebuild", "--json")
    assert res.code == 0 and res.json()["added"] == 5


def test_damaged_index_is_rebuilt_without_traceback(tt, seed_index):
    for p in seed_index.iterdir():
        if p.suffix in (".toc", ".seg", ".pst"):
            p.write_bytes(b"garbage" * 50)
    res = tt("search", "tariffs", "--json")
    assert res.code == 0
    assert res.json()["total"] == 5
    assert "index is damaged" in res.err and "Traceback" not in res.err


# -- search ------------------------------------------------------------------------------

SEARCH_KEYS = {"query", "total", "suggestion", "offset", "sort", "hits"}
HIT_KEYS = {"id", "title", "date", "score", "snippet", "matches"}


def test_search_json_shape(tt):
    res = tt("search", "tariffs", "--json")
    assert res.code == 0
    doc = res.json()
    assert set(doc) == SEARCH_KEYS
    assert (doc["query"], doc["total"], doc["suggestion"], doc["offset"], doc["sort"]) == (
        "tariffs",
        5,
        None,
        0,
        "score",
    )
    assert {h["id"] for h in doc["hits"]} == set(SEED_IDS)
    for h in doc["hits"]:
        assert set(h) == HIT_KEYS
        assert isinstance(h["score"], float) and h["score"] > 0
        assert h["matches"], h["id"]
        for start, end in h["matches"]:
            assert h["snippet"][start:end].lower().startswith("tariff")
    dates = {h["id"]: h["date"] for h in doc["hits"]}
    assert dates[S000] == "2018-09-13" and dates[S003] is None


def test_search_multiword_query_and_entity_fields(tt):
    doc = tt("search", "person:mnuchin", "AND", "huawei", "--json").json()
    assert doc["query"] == "person:mnuchin AND huawei"
    assert [h["id"] for h in doc["hits"]] == [S003]
    doc = tt("search", "person:mnuchin AND tariffs", "--json").json()
    assert {h["id"] for h in doc["hits"]} == {S000, S001, S003, S004}


def test_search_zero_hits_is_success_with_suggestion(tt):
    res = tt("search", "tarifs", "--json")
    assert res.code == 0
    doc = res.json()
    assert (doc["total"], doc["hits"], doc["suggestion"]) == (0, [], "tariffs")
    res = tt("search", "tarifs")
    assert res.code == 0
    assert "0 results" in res.err and "did you mean: tariffs" in res.err


def test_search_paging_and_sort(tt):
    full = tt("search", "tariffs", "--json").json()["hits"]
    page = tt("search", "tariffs", "--json", "--limit", "2", "--offset", "2").json()
    assert page["total"] == 5 and page["offset"] == 2
    assert [h["id"] for h in page["hits"]] == [h["id"] for h in full[2:4]]
    by_date = tt("search", "tariffs", "--sort", "date", "--json").json()
    assert by_date["sort"] == "date"
    assert [h["id"] for h in by_date["hits"][:2]] == [S000, S001]


def test_search_plain_output(tt):
    res = tt("search", "huawei")
    assert res.code == 0
    assert S002 in res.out and S003 in res.out
    assert "1-2 of 2 results" in res.err


@pytest.mark.parametrize(
    "args",
    [
        ("search", "tariffs", "--limit", "2", "--json"),
        ("search", "--json", "tariffs", "--limit", "2"),
        ("search", "--limit", "2", "tariffs", "--json"),
    ],
)
def test_options_before_or_after_arguments(tt, args):
    res = tt(*args)
    assert res.code == 0
    doc = res.json()
    assert doc["query"] == "tariffs" and doc["total"] == 5 and len(doc["hits"]) == 2


def test_corpus_and_index_before_the_command(run_cli, seed_corpus, seed_index):
    res = run_cli("--corpus", seed_corpus, "--index", seed_index, "search", "huawei", "--json")
    assert res.code == 0
    assert {h["id"] for h in res.json()["hits"]} == {S002, S003}


def test_corpus_from_environment(run_cli, seed_corpus, seed_index, monkeypatch):
    monkeypatch.setenv("TRADETUI_CORPUS", str(seed_corpus))
    res = run_cli("show", S004, "--json", "--index", seed_index)
    assert res.code == 0 and res.json()["id"] == S004


# -- show, similar -----------------------------------------------------------------------


def test_show_json_shape(tt):
    res = tt("show", S001, "--json")
    assert res.code == 0
    doc = res.json()
    assert set(doc) == {"id", "title", "date", "source", "path", "url", "captions", "body"}
    assert doc["id"] == S001 and doc["date"] == "2018-09-12" and doc["source"] == "Reuters"
    assert doc["path"] == f"{S001}.txt" and doc["url"] == ""
    assert len(doc["captions"]) == 1 and doc["captions"][0].startswith("FILE PHOTO:")
    assert doc["body"].startswith("WASHINGTON (Reuters) - The Trump administration")


def test_show_plain(tt):
    res = tt("show", S003)
    assert res.code == 0
    assert "Top US, Chinese trade officials have 'constructive' talk" in res.out
    assert "undated" in res.out
    assert "Robert Lighthizer" in res.out


def test_similar_json_shape(tt):
    res = tt("similar", S000, "--json", "--limit", "3")
    assert res.code == 0
    doc = res.json()
    assert set(doc) == {"id", "hits"} and doc["id"] == S000
    assert len(doc["hits"]) == 3
    assert doc["hits"][0]["id"] == S001
    assert S000 not in {h["id"] for h in doc["hits"]}
    for h in doc["hits"]:
        assert set(h) == HIT_KEYS


# -- entities, entity ----------------------------------------------------------------------

ENTITY_KEYS = {"id", "name", "kind", "aliases", "roles", "articles", "mentions"}


def test_entities_json_shape(tt):
    res = tt("entities", "--kind", "person", "--limit", "3", "--json")
    assert res.code == 0
    doc = res.json()
    assert set(doc) == {"entities"}
    items = doc["entities"]
    assert [e["name"] for e in items] == ["Donald Trump", "Larry Kudlow", "Steven Mnuchin"]
    for e in items:
        assert set(e) == ENTITY_KEYS and e["kind"] == "person"
        for r in e["roles"]:
            assert set(r) == {"role", "article", "side"}
    mnuchin = items[2]
    assert mnuchin["id"] == "person:steven-mnuchin"
    assert set(mnuchin["aliases"]) >= {"Mnuchin", "Steve Mnuchin"}
    assert mnuchin["articles"] == [S000, S001, S003, S004]
    assert any(r["role"] == "Treasury Secretary" and r["article"] == S001 for r in mnuchin["roles"])


def test_entities_all_kinds_and_plain(tt):
    items = tt("entities", "--json").json()["entities"]
    kinds = {e["kind"] for e in items}
    assert kinds == {"person", "org", "place"}
    counts = [len(e["articles"]) for e in items]
    assert counts == sorted(counts, reverse=True)
    res = tt("entities", "--kind", "org")
    assert res.code == 0 and "Huawei" in res.out and "Larry Kudlow" not in res.out


def test_entity_json_shape(tt):
    res = tt("entity", "Kudlow", "--json")
    assert res.code == 0
    doc = res.json()
    assert set(doc) == ENTITY_KEYS | {"side", "mention_spans", "cooccurring", "quotes"}
    assert doc["name"] == "Larry Kudlow" and doc["side"] == "United States"
    assert doc["articles"] == [S000, S002, S003, S004]
    assert doc["mentions"] == len(doc["mention_spans"])
    for m in doc["mention_spans"]:
        assert set(m) == {"article", "surface", "start", "end", "where"}
        assert m["end"] - m["start"] == len(m["surface"])
    for c in doc["cooccurring"]:
        assert set(c) == {"id", "name", "articles"}
    assert {"id": "person:donald-trump", "name": "Donald Trump", "articles": 4} in doc["cooccurring"]
    assert doc["quotes"]
    for q in doc["quotes"]:
        assert set(q) == QUOTE_KEYS
        assert q["end"] - q["start"] == len(q["text"])
        assert (q["speaker"], q["entity_id"]) == ("Larry Kudlow", "person:larry-kudlow")


QUOTE_KEYS = {"speaker", "entity_id", "article", "date", "kind", "text", "start", "end", "where"}


def test_quotes_json_is_the_entity_quotes_and_the_library_records(tt, library):
    doc = tt("quotes", "--json").json()
    assert set(doc) == {"quotes"} and doc["quotes"]
    for q in doc["quotes"]:
        assert set(q) == QUOTE_KEYS and q["kind"] in ("direct", "reported")
        body = library.article(q["article"]).body
        assert body[q["start"] : q["end"]] == q["text"]
        day = library.titles([q["article"]])[q["article"]][1]  # the article's date, as the timeline has it
        assert q["date"] == (day.isoformat() if day else None)
    kudlow = tt("quotes", "--person", "Kudlow", "--json").json()["quotes"]
    assert kudlow == [q for q in doc["quotes"] if q["speaker"] == "Larry Kudlow"]
    assert kudlow == tt("entity", "Kudlow", "--json").json()["quotes"]
    assert kudlow == [q.record() for q in library.entity("Kudlow").quotes]
    assert {"direct", "reported"} <= {q["kind"] for q in kudlow}


def test_quotes_plain_and_unknown_person(tt):
    res = tt("quotes", "--person", "Larry Kudlow")
    assert res.code == 0 and "Larry Kudlow (direct;" in res.out and "“I guarantee nothing.”" in res.out
    res = tt("quotes", "--person", "Nobody Atall")
    assert res.code == 1
    assert one_line_error(res.err).startswith("tradetui: error: no entity named")


@pytest.mark.parametrize("args", [("entity", "Larry", "Kudlow", "--json"), ("entity", "--json", "larry kudlow")])
def test_entity_multiword_name(tt, args):
    res = tt(*args)
    assert res.code == 0 and res.json()["id"] == "person:larry-kudlow"


def test_entity_plain(tt):
    res = tt("entity", "Steve Mnuchin")
    assert res.code == 0
    assert "Steven Mnuchin" in res.out and "Treasury Secretary" in res.out


# -- timeline ------------------------------------------------------------------------------


def test_timeline_json_shape(tt):
    for args in (("timeline", "--format", "json"), ("timeline", "--json")):
        res = tt(*args)
        assert res.code == 0
        doc = res.json()
        assert set(doc) == {"events", "unresolved"}
        for e in doc["events"]:
            assert set(e) == {"id", "start", "end", "precision", "text", "articles", "stories", "entities", "sources"}
            assert sorted(a for st in e["stories"] for a in st["articles"]) == sorted(e["articles"])
            assert e["start"] <= e["end"]
            for s in e["sources"]:
                assert {"article", "text", "expression", "start", "end", "where"} <= set(s)
        for u in doc["unresolved"]:
            assert set(u) == {"article", "expression", "reason"}
    aug = [e for e in doc["events"] if e["start"] == "2018-08-22"]
    assert len(aug) == 1 and aug[0]["end"] == "2018-08-23" and aug[0]["articles"] == [S000, S001]
    assert {u["article"] for u in doc["unresolved"]} == {S002, S003, S004}


def test_timeline_filters(tt):
    doc = tt("timeline", "--json", "--from", "2018-09-01", "--to", "2018-09-30").json()
    assert doc["events"] and doc["unresolved"] == []
    assert all(e["end"] >= "2018-09-01" and e["start"] <= "2018-09-30" for e in doc["events"])
    doc = tt("timeline", "--person", "Kudlow", "--all-events", "--json").json()
    kudlow = {S000, S002, S003, S004}
    assert doc["events"] and all(kudlow & set(e["articles"]) for e in doc["events"])
    # His own events: none of the dated sentences names him or holds his words.
    assert tt("timeline", "--person", "Kudlow", "--json").json()["events"] == []
    doc = tt("timeline", "--text", "no agreements", "--json").json()
    assert [e["start"] for e in doc["events"]] == ["2018-08-22"]


def test_timeline_csv(tt):
    res = tt("timeline", "--format", "csv")
    assert res.code == 0
    rows = list(csv.reader(io.StringIO(res.out)))
    assert rows[0] == ["id", "start", "end", "precision", "text", "articles", "entities"]
    json_events = tt("timeline", "--json").json()["events"]
    assert [r[0] for r in rows[1:]] == [e["id"] for e in json_events]
    aug = next(r for r in rows[1:] if r[1] == "2018-08-22")
    assert aug[2] == "2018-08-23" and aug[5] == f"{S000} {S001}"


def test_timeline_md(tt):
    res = tt("timeline", "--person", "Kudlow", "--all-events", "--format", "md")
    assert res.code == 0
    lines = res.out.strip().splitlines()
    assert lines[:2] == ["| date | precision | event | sources |", "|---|---|---|---|"]
    assert any(
        line.startswith("| 2018-08-22 – 2018-08-23 | day | Mid-level U.S. and Chinese officials met") for line in lines
    )
    assert len(lines) > 3
    assert all(line.startswith("| ") and line.endswith(" |") and line.count(" | ") == 3 for line in lines[2:])


def test_timeline_table(tt):
    res = tt("timeline")
    assert res.code == 0
    assert "2018-08-22 – 2018-08-23" in res.out
    assert "unresolved expressions" in res.out


def test_timeline_timelinejs(tt):
    res = tt("timeline", "--format", "timelinejs")
    assert res.code == 0
    doc = res.json()
    assert set(doc) == {"title", "events"}
    assert doc["title"]["text"]["headline"] == "Timeline"
    events = tt("timeline", "--json").json()["events"]
    assert doc["title"]["text"]["text"] == f"{len(events)} events"
    assert [e["unique_id"] for e in doc["events"]] == [e["id"] for e in events]
    for item, ev in zip(doc["events"], events, strict=True):
        assert (
            {"start_date", "text", "group", "unique_id"}
            <= set(item)
            <= {"start_date", "end_date", "text", "group", "unique_id", "display_date"}
        )
        assert ("display_date" in item) == (ev["precision"] != "day")
        y, m, d = ev["start"].split("-")
        assert item["start_date"]["year"] == y
        if ev["precision"] == "year":
            assert set(item["start_date"]) == {"year"}
        if ev["precision"] in ("day", "week"):
            assert item["start_date"] == {"year": y, "month": str(int(m)), "day": str(int(d))}
        assert ("end_date" in item) == (ev["start"] != ev["end"])
        assert set(item["text"]) == {"headline", "text"}
        assert item["text"]["text"].startswith("<p>") and "Sources: " in item["text"]["text"]
        # The headline is the event's own sentence (escaped), not an article's title.
        assert item["text"]["headline"][:40] == html.escape(" ".join(ev["text"].split()))[:40]
    aug = next(i for i in doc["events"] if i["start_date"] == {"year": "2018", "month": "8", "day": "22"})
    assert aug["end_date"] == {"year": "2018", "month": "8", "day": "23"}
    assert "The Trump administration has invited" in aug["text"]["text"]  # 000's title, among the sources


# -- set-date ------------------------------------------------------------------------------


def test_set_date_and_clear(tt):
    res = tt("set-date", S002, "2019-07-05", "--json")
    assert res.code == 0 and res.json() == {"id": S002, "date": "2019-07-05"}
    assert tt("show", S002, "--json").json()["date"] == "2019-07-05"
    events = tt("timeline", "--json").json()
    assert any(S002 in e["articles"] and e["start"] == "2019-06-28" for e in events["events"])
    res = tt("set-date", S002, "--clear")
    assert res.code == 0 and "cleared" in res.out and "undated" in res.out
    assert tt("show", S002, "--json").json()["date"] is None


# -- errors and exit codes -----------------------------------------------------------------


def test_unknown_article(tt):
    for args in (("show", "no-such-id"), ("similar", "no-such-id"), ("set-date", "no-such-id", "2019-01-01")):
        res = tt(*args)
        assert res.code == 1
        line = one_line_error(res.err)
        assert "no-such-id" in line
        assert res.out == ""


def test_unknown_entity_with_suggestions(tt):
    res = tt("entity", "Kudlo", "--json")
    assert res.code == 1 and res.out == ""
    line = one_line_error(res.err)
    assert "no entity named 'Kudlo'" in line and "did you mean: Larry Kudlow" in line
    res = tt("timeline", "--person", "Mnuchn")
    assert res.code == 1 and "Steven Mnuchin" in one_line_error(res.err)
    res = tt("entity", "Zzyzx")
    assert res.code == 1 and "did you mean" not in one_line_error(res.err)


def test_missing_corpus(run_cli, tmp_path):
    res = run_cli("search", "tariffs", "--corpus", tmp_path / "nowhere", "--index", tmp_path / "ix")
    assert res.code == 1
    assert "corpus not found" in one_line_error(res.err)


def test_corpus_with_nothing_loadable(run_cli, make_corpus, tmp_path):
    corpus = make_corpus({"empty.txt": b""})
    res = run_cli("index", "--json", "--corpus", corpus, "--index", tmp_path / "ix")
    assert res.code == 1 and res.out == ""
    assert "nothing could be loaded" in res.err and "Traceback" not in res.err


@pytest.mark.parametrize("query", ["*", "date:2018-13-45", "date:garbage"])
def test_bad_query(tt, query):
    res = tt("search", query, "--json")
    assert res.code == 1 and res.out == ""
    assert "cannot read query" in one_line_error(res.err) or "wildcard" in res.err


def test_broken_override_file(tt, user_dirs):
    user_dirs.overrides.write_text("[rename\n", encoding="utf-8")
    res = tt("entities", "--json")
    assert res.code == 1 and res.out == ""
    assert "overrides.toml" in one_line_error(res.err)


@pytest.mark.parametrize(
    "args",
    [
        ("search",),
        ("no-such-command",),
        ("search", "tariffs", "--limit", "zero"),
        ("search", "tariffs", "--limit", "0"),
        ("search", "tariffs", "--offset", "-1"),
        ("search", "tariffs", "--sort", "size"),
        ("entities", "--kind", "animal"),
        ("timeline", "--from", "2018-13-01"),
        ("timeline", "--format", "xml"),
        ("set-date", S002),
        ("set-date", S002, "yesterday"),
        ("show",),
        ("search", "tariffs", "--no-such-option"),
    ],
)
def test_usage_errors_exit_2(tt, args):
    res = tt(*args)
    assert res.code == 2
    assert res.out == ""
    assert "tradetui: error:" in res.err and "Traceback" not in res.err


def test_help_and_version(run_cli):
    res = run_cli("--help")
    assert res.code == 0 and "usage: tradetui" in res.out
    for command in ("index", "search", "show", "similar", "entities", "entity", "timeline", "set-date"):
        assert command in res.out
    res = run_cli("search", "--help")
    assert res.code == 0 and "--limit" in res.out
    res = run_cli("--version")
    assert res.code == 0 and res.out.strip() == f"tradetui {search.__version__}"


def test_interrupt_exits_130(tt, monkeypatch):
    def interrupted(self, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(search.Library, "update", interrupted)
    res = tt("search", "tariffs")
    assert res.code == 130 and "interrupted" in res.err


def test_installed_console_script_from_another_folder(tmp_path, user_dirs):
    script = ROOT / ".venv" / "bin" / "tradetui"
    if not script.exists():
        pytest.skip("the console script is not installed in .venv")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    proc = subprocess.run(
        [str(script), "search", "tariffs", "--json"],
        cwd=elsewhere,
        capture_output=True,
        text=True,
        timeout=120,
        env=dict(os.environ),
    )
    assert proc.returncode == 0, proc.stderr
    doc = json.loads(proc.stdout)
    assert doc["total"] == 5
    assert {h["id"] for h in doc["hits"]} == set(SEED_IDS)
    # The index of the bundled seeds went to the cache folder given by the environment.
    assert any(Path(user_dirs.cache, "indexes").iterdir())
    assert list(elsewhere.iterdir()) == []


# -- stories and conflicts ------------------------------------------------------------------


def test_stories_json_lists_every_story_with_versions_newest_first(tt):
    doc = tt("stories", "--json").json()
    assert set(doc) == {"stories"}
    assert sorted(a for st in doc["stories"] for a in st["articles"]) == sorted(SEED_IDS)
    [pair] = [st for st in doc["stories"] if len(st["articles"]) == 2]
    assert set(pair["articles"]) == {S000, S001}
    assert set(pair) == {"id", "title", "date", "articles"}
    assert pair["id"] in (S000, S001) and pair["title"]


def test_stories_plain_says_both_counts(tt):
    res = tt("stories")
    assert res.code == 0 and "4 stories · 5 articles" in res.err


def test_search_stories_adds_the_hits_stories_and_keeps_hits_and_total(tt):
    plain = tt("search", "tariffs", "--json").json()
    doc = tt("search", "tariffs", "--json", "--stories").json()
    assert doc["hits"] == plain["hits"] and doc["total"] == plain["total"]
    assert "stories" not in plain
    listed = {a for st in doc["stories"] for a in st["articles"]}
    assert {h["id"] for h in doc["hits"]} <= listed


def test_story_query_field_from_the_command_line(tt):
    doc = tt("search", f"story:{S001}", "--json").json()
    assert {h["id"] for h in doc["hits"]} == {S000, S001}


def test_conflicts_json_shape(tt):
    res = tt("conflicts", "--json")
    assert res.code == 0 and res.json() == {"conflicts": []}


def test_columns_option_is_checked_before_indexing(tt):
    res = tt("--columns", "title", "stories")
    assert res.code == 2
    assert res.err.strip().splitlines()[-1].startswith("tradetui: error: argument --columns: write each column as")


def test_an_unavailable_entity_backend_is_a_one_line_error(tt, monkeypatch):
    monkeypatch.setattr("search.ner.installed_model", lambda: "")
    res = tt("--ner", "spacy", "stories")
    assert res.code == 1 and "spacy" in one_line_error(res.err)


def test_index_watch_indexes_files_as_they_come_and_stops_on_ctrl_c(tmp_path, user_dirs):
    import selectors
    import signal
    import sys
    import time

    corpus = tmp_path / "watched"
    corpus.mkdir()
    (corpus / "one.txt").write_text("date: 2021-01-01\n\nThe harbour council met on Monday.", encoding="utf-8")
    script = Path(sys.executable).parent / "tradetui"
    cmd = [str(script), "index", "--watch", "--corpus", str(corpus), "--index", str(tmp_path / "ix")]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, cwd=ROOT)
    sel = selectors.DefaultSelector()
    assert proc.stdout is not None
    fd = proc.stdout.fileno()
    sel.register(fd, selectors.EVENT_READ)
    seen = bytearray()

    def wait_for(words: str, timeout: float = 60.0) -> None:
        # Raw reads: a buffered reader would hold lines the selector no longer sees.
        deadline = time.monotonic() + timeout
        while words.encode() not in seen:
            left = deadline - time.monotonic()
            if left <= 0 or proc.poll() is not None:
                raise TimeoutError(f"no {words!r} in the output: {seen.decode(errors='replace')}")
            if sel.select(left):
                seen.extend(os.read(fd, 65536))

    try:
        wait_for("watching")
        (corpus / "two.txt").write_text("date: 2021-01-02\n\nThe ferry tender was won.", encoding="utf-8")
        wait_for("1 added")
        proc.send_signal(signal.SIGINT)
        assert proc.wait(timeout=30) == 130
    finally:
        if proc.poll() is None:
            proc.kill()


# -- dossier, together and whose events --------------------------------------------------


def test_timeline_person_lists_only_their_events(tt):
    every = tt("timeline", "--json").json()["events"]
    trump = tt("timeline", "--person", "Trump", "--json").json()["events"]
    assert trump and all("Donald Trump" in e["entities"] for e in trump)
    assert {e["id"] for e in trump} == {e["id"] for e in every if "Donald Trump" in e["entities"]}
    both = tt("timeline", "--person", "Mnuchin", "--person", "Xi Jinping", "--json").json()["events"]
    assert both and all({"Steven Mnuchin", "Xi Jinping"} <= set(e["entities"]) for e in both)
    res = tt("timeline", "--all-events")
    assert res.code == 2 and "--all-events widens --person" in one_line_error(res.err)


def test_dossier_command(tt):
    doc = tt("dossier", "Kudlow", "--json").json()
    assert doc["name"] == "Larry Kudlow" and doc["side"] == "United States"
    assert len(doc["quotes"]) == len(tt("quotes", "--person", "Kudlow", "--json").json()["quotes"]) == 12
    assert {q["kind"] for q in doc["quotes"]} == {"direct", "reported"}
    assert [a["id"] for a in doc["articles"]][0] == S000
    assert doc["people"] and {p["kind"] for p in doc["people"]} == {"person"}
    res = tt("dossier", "Larry Kudlow")
    assert res.code == 0 and "Quotes (12)" in res.out and "I guarantee nothing." in res.out
    res = tt("dossier", "Nobody Atall")
    assert res.code == 1 and "no entity named 'Nobody Atall'" in one_line_error(res.err)


def test_together_command(tt):
    doc = tt("together", "Kudlow", "Liu He", "--json").json()
    assert set(doc) >= {"entities", "articles", "days", "events", "quotes"}
    assert [e["name"] for e in doc["entities"]] == ["Larry Kudlow", "Liu He"]
    assert sorted(doc["articles"]) == [S000, S003]
    assert doc["days"] == [{"date": "2018-09-13", "articles": [S000]}]
    assert doc["quotes"] and {q["article"] for q in doc["quotes"]} <= {S000, S003}
    talk = tt("together", "Kudlow", "Liu He", "--query", "talk", "--json").json()["quotes"]
    assert 0 < len(talk) < len(doc["quotes"])
    res = tt("together", "Kudlow")
    assert res.code == 2 and "two or more names" in one_line_error(res.err)
    res = tt("together", "Kudlow", "Zzyzx")
    assert res.code == 1 and "no entity named 'Zzyzx'" in one_line_error(res.err)
    res = tt("together", "Kudlow", "Liu He")
    assert res.code == 0 and "Articles naming all of them (2)" in res.out
