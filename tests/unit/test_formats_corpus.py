"""One corpus holding every format, built through the Library and through the command line."""

from __future__ import annotations

import json
import os
import subprocess

import pytest

from search import ConfigError, Library, load_config
from tests.formats_fixtures import mixed_corpus
from tests.seeds import ROOT

SCRIPT = ROOT / ".venv" / "bin" / "tradetui"
COLUMNS = {"body": "Story Text"}
# What each format gives: articles that load, and files or records skipped with a reason.
EXPECTED_PREFIXES = {
    "notes/": 3,
    "records/": 2,
    "pages/": 2,
    "feeds/world:": 2,
    "feeds/markets:": 2,
    "feeds/briefing:": 2,
    "feeds/broken:": 3,
    "exports/export:": 8,
    "exports/wire:": 2,
    "crawls/crawl:": 1,
}


def counts(ids: list[str]) -> dict[str, int]:
    return {p: sum(1 for i in ids if i.startswith(p)) for p in EXPECTED_PREFIXES}


def test_a_corpus_of_every_format_builds_searches_and_reports_its_bad_files(tmp_path):
    corpus = tmp_path / "corpus"
    unique = mixed_corpus(corpus)
    with Library(corpus, tmp_path / "index", columns=COLUMNS) as lib:
        report = lib.update()
        ids = lib.article_ids()
        assert counts(ids) == EXPECTED_PREFIXES
        assert report.added == len(ids) == sum(EXPECTED_PREFIXES.values())
        for art_id, word in unique.items():
            assert art_id in [h.id for h in lib.search(word).hits], (art_id, word)
        # Feeds, exports and archives are searched like the rest: by source, date and entity.
        assert lib.search("source:ledger").total >= 8
        assert lib.search("date:2019-05-13").total >= 3
        skipped = {s.path for s in report.skipped}
        assert {"pages/signin.html", "records/many.jsonl:2", "junk/photo.txt", "crawls/cut.warc[2]"} <= skipped
        assert "crawls/crawl.warc.gz[3]" in skipped  # the sign-in page inside the archive
        assert not any("_files" in s for s in skipped | set(ids))
        # Nothing changed, nothing read again.
        again = lib.update()
        assert (again.added, again.updated, again.deleted, again.unchanged) == (0, 0, 0, len(ids))


def test_the_column_mapping_comes_from_config_toml_and_a_change_rebuilds(tmp_path, user_dirs):
    corpus = tmp_path / "corpus"
    mixed_corpus(corpus)
    (user_dirs.config / "config.toml").write_text('[columns]\nbody = "story text"\n', encoding="utf-8")
    assert load_config().columns == {"body": "story text"}
    with Library(corpus, tmp_path / "index") as lib:
        lib.update()
        assert counts(lib.article_ids())["exports/export:"] == 8
    # Another mapping: the exports are read again with it (the index is rebuilt).
    with Library(corpus, tmp_path / "index", columns={"body": "Headline"}) as lib:
        report = lib.update()
        assert report.rebuilt_reason == "the CSV column mapping changed; rebuilding"
        export = lib.article("exports/export:A-1001")
        assert export.body == "EU ministers back steel quota plan"
    # The same mapping again: nothing to do.
    with Library(corpus, tmp_path / "index", columns={"body": "headline"}) as lib:
        assert lib.update().added == 0


def test_a_broken_config_is_a_one_line_error(tmp_path, user_dirs):
    path = user_dirs.config / "config.toml"
    for text, words in [
        ("[columns\n", "cannot read"),
        ('[columns]\ncolour = "Red"\n', "unknown article field 'colour'"),
        ('columns = "body"\n', "columns must be a table"),
    ]:
        path.write_text(text, encoding="utf-8")
        with pytest.raises(ConfigError, match=words) as info:
            Library(tmp_path)
        assert "\n" not in str(info.value)


needs_script = pytest.mark.skipif(not SCRIPT.exists(), reason="the console script is not installed")


@needs_script
def test_the_command_line_indexes_and_searches_a_corpus_of_every_format(tmp_path, user_dirs):
    corpus = tmp_path / "corpus"
    unique = mixed_corpus(corpus)
    (user_dirs.config / "config.toml").write_text('[columns]\nbody = "Story Text"\n', encoding="utf-8")
    index = tmp_path / "index"

    def run(*args: str) -> dict:
        proc = subprocess.run(
            [str(SCRIPT), *args, "--corpus", str(corpus), "--index", str(index), "--json"],
            capture_output=True,
            text=True,
            timeout=300,
            env=dict(os.environ),
        )
        assert proc.returncode == 0, proc.stderr
        assert "Traceback" not in proc.stderr
        return json.loads(proc.stdout)

    report = run("index")
    assert report["added"] == sum(EXPECTED_PREFIXES.values())
    assert any(s["path"] == "pages/signin.html" and "no article text" in s["reason"] for s in report["skipped"])
    hits = run("search", "forsythe OR antwerp OR kinshasa OR penang")["hits"]
    assert {"pages/Steel tariffs", "exports/wire:1", "notes/windows", "records/many:1"} <= {h["id"] for h in hits}
    shown = run("show", "feeds/world:" + _sha12("hl-2019-05-13-0042"))
    assert shown["title"] == "Steel tariff talks resume in Geneva" and shown["date"] == "2019-05-13"
    for art_id, word in unique.items():
        assert art_id in {h["id"] for h in run("search", word)["hits"]}


def _sha12(key: str) -> str:
    import hashlib

    return hashlib.sha1(key.encode()).hexdigest()[:12]
