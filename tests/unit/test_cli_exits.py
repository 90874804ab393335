"""Every exit path of the `tradetui` command: exit code, one error line, nothing on stdout.

Each bad input is run against every subcommand it applies to, plain and with --json:
1 for a user error, 2 for a usage error, and never a Python traceback, exception name
or raw Python message on stderr.
"""

from __future__ import annotations

import errno
import io
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import CliResult
from tests.seeds import ROOT, S000, S002

# A valid invocation of each subcommand, run on the seeds.
COMMANDS = {
    "index": ("index",),
    "search": ("search", "tariffs"),
    "show": ("show", S000),
    "similar": ("similar", S000),
    "entities": ("entities",),
    "entity": ("entity", "Kudlow"),
    "timeline": ("timeline",),
    "set-date": ("set-date", S002, "2019-07-05"),
}
JSON_FLAGS = pytest.mark.parametrize("json_flag", [(), ("--json",)], ids=["plain", "json"])
EVERY_COMMAND = pytest.mark.parametrize("command", list(COMMANDS))

# Bytes that make a file binary: a PNG header and a zip header, both holding NULs.
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00\x00\x00\x01\x08\x06"
ZIP = b"PK\x03\x04\x14\x00\x00\x00\x08\x00\x00\x00!\x00" + b"\x00" * 16

_EXCEPTION_NAME = re.compile(r"\b[A-Z][A-Za-z]*(?:Error|Exception|Interrupt|Warning):")
_RAW_PYTHON = ("Traceback", "invalid literal", "[Errno", "object has no attribute", "NoneType")


def assert_no_python(err: str) -> None:
    """Nothing on stderr reads like Python talking instead of the program."""
    for raw in _RAW_PYTHON:
        assert raw not in err, err
    assert not _EXCEPTION_NAME.search(err), err


def error_line(res, code: int, *, reasons: bool = False) -> str:
    """Check a failed run; returns its one `tradetui: error:` line.

    Before it, only argparse's usage block (exit 2); after it, only indented reasons, and
    only where `reasons` says the error lists them.
    """
    assert res.code == code, (res.code, res.out, res.err)
    assert res.out == ""
    assert_no_python(res.err)
    lines = res.err.rstrip("\n").split("\n")
    starts = [i for i, line in enumerate(lines) if line.startswith("tradetui: error: ")]
    assert len(starts) == 1, res.err
    at = starts[0]
    before, after = lines[:at], lines[at + 1 :]
    if before:
        assert code == 2, res.err
        assert before[0].startswith("usage: tradetui"), res.err
        assert all(line.startswith(" ") for line in before[1:]), res.err
    if reasons:
        assert after, res.err
        assert all(line.startswith("  ") and line.strip() for line in after), res.err
    else:
        assert after == [], res.err
    return lines[at]


def one_json_document(res) -> object:
    """A successful --json run: stdout is exactly one JSON document; stderr stays clean."""
    assert res.code == 0, res.err
    assert_no_python(res.err)
    return json.loads(res.out)  # raises on anything before or after the document


@pytest.fixture
def tt(run_cli, seed_corpus, seed_index):
    """Run a command against a private, already indexed copy of the seeds."""

    def run(*args):
        return run_cli(*args, "--corpus", seed_corpus, "--index", seed_index)

    return run


# -- the corpus and the index: every command, plain and --json ----------------------------


def _missing_corpus(tmp_path, seed_corpus, make_corpus):
    return tmp_path / "nowhere", tmp_path / "ix"


def _png_file_corpus(tmp_path, seed_corpus, make_corpus):
    (tmp_path / "picture.png").write_bytes(PNG)
    return tmp_path / "picture.png", tmp_path / "ix"


def _zip_file_corpus(tmp_path, seed_corpus, make_corpus):
    (tmp_path / "archive.zip").write_bytes(ZIP)
    return tmp_path / "archive.zip", tmp_path / "ix"


def _binary_txt_file_corpus(tmp_path, seed_corpus, make_corpus):
    (tmp_path / "scan.txt").write_bytes(PNG)
    return tmp_path / "scan.txt", tmp_path / "ix"


def _csv_file_corpus(tmp_path, seed_corpus, make_corpus):
    (tmp_path / "prices.csv").write_text("title,date\nTariffs rise,2018-09-13\n", encoding="utf-8")
    return tmp_path / "prices.csv", tmp_path / "ix"


def _empty_folder(tmp_path, seed_corpus, make_corpus):
    return make_corpus({}), tmp_path / "ix"


def _binary_folder(tmp_path, seed_corpus, make_corpus):
    return make_corpus(BINARY_FILES), tmp_path / "ix"


def _index_is_a_file(tmp_path, seed_corpus, make_corpus):
    (tmp_path / "not-a-folder").write_text("x", encoding="utf-8")
    return seed_corpus, tmp_path / "not-a-folder"


def _index_impossible(tmp_path, seed_corpus, make_corpus):
    return seed_corpus, Path("/proc/nope")


BINARY_FILES = {
    "scan.txt": PNG,
    "sub/bundle.md": ZIP,
    "dump.json": b'{"title": "x\x00\x00"}',
    "lines.jsonl": b"\x00\x01\x02\x03",
    "photo.png": PNG,  # not an article format: not even looked at
}
BINARY_REASONS = [f"  {p}: binary file, not text" for p in ("dump.json", "lines.jsonl", "scan.txt", "sub/bundle.md")]

# (make the corpus and index paths, words in the error line, reasons listed after it)
PLACES = [
    pytest.param(_missing_corpus, "corpus not found", False, id="missing-corpus"),
    pytest.param(_png_file_corpus, "is not an article file", False, id="corpus-png-file"),
    pytest.param(_zip_file_corpus, "is not an article file", False, id="corpus-zip-file"),
    pytest.param(_binary_txt_file_corpus, "nothing could be loaded", True, id="corpus-binary-txt"),
    # A CSV file is an export now; this one has no column of text, which is said.
    pytest.param(_csv_file_corpus, "nothing could be loaded", True, id="corpus-csv-file"),
    pytest.param(_empty_folder, "no articles under", False, id="empty-folder"),
    pytest.param(_binary_folder, "nothing could be loaded", True, id="binary-folder"),
    pytest.param(_index_is_a_file, "it is a file, not a folder", False, id="index-is-a-file"),
    pytest.param(_index_impossible, "cannot create the index folder", False, id="index-in-proc"),
]


@pytest.mark.parametrize(("place", "words", "reasons"), PLACES)
@EVERY_COMMAND
@JSON_FLAGS
def test_bad_corpus_or_index(run_cli, tmp_path, seed_corpus, make_corpus, place, words, reasons, command, json_flag):
    corpus, index = place(tmp_path, seed_corpus, make_corpus)
    res = run_cli(*COMMANDS[command], *json_flag, "--corpus", corpus, "--index", index)
    assert words in error_line(res, 1, reasons=reasons)


def test_app_with_a_missing_corpus(run_cli, tmp_path):
    # The app checks the corpus before its screen opens, so this never starts Textual.
    res = run_cli("--corpus", tmp_path / "nowhere")
    assert "corpus not found" in error_line(res, 1)


# -- nothing loadable: the same answer from every command, every time ----------------------


@pytest.mark.parametrize("files", [{}, BINARY_FILES], ids=["empty", "binary"])
@pytest.mark.parametrize("own_index", [True, False], ids=["index-dir", "default-index"])
def test_nothing_loadable_is_the_same_error_everywhere(run_cli, make_corpus, tmp_path, user_dirs, files, own_index):
    corpus = make_corpus(files)
    index = tmp_path / "ix"
    where = ("--index", index) if own_index else ()
    runs = []
    for command in [*COMMANDS, "index"]:  # index last: a second run of the first command
        for json_flag in ((), ("--json",)):
            res = run_cli(*COMMANDS[command], *json_flag, "--corpus", corpus, *where)
            error_line(res, 1, reasons=bool(files))
            runs.append(res.err)
    assert len(set(runs)) == 1, set(runs)
    lines = runs[0].rstrip("\n").split("\n")
    if files:
        assert lines[0] == (
            f"tradetui: error: nothing could be loaded from {corpus.resolve()}: 4 files found, 4 skipped"
        )
        assert lines[1:] == BINARY_REASONS
    else:
        assert lines == [
            f"tradetui: error: no articles under {corpus.resolve()}: it holds no .txt, .md, .json, .jsonl,"
            " .html, .xml, .rss, .atom, .csv, .tsv or .warc files"
        ]
    # No index is left behind, so nothing turns the next run into a success with zero hits.
    assert not index.exists()
    indexes = user_dirs.cache / "indexes"
    assert not indexes.exists() or list(indexes.iterdir()) == []


def test_a_corpus_emptied_after_indexing_is_an_error_too(run_cli, tmp_path, seed_corpus, seed_index):
    assert run_cli("search", "tariffs", "--corpus", seed_corpus, "--index", seed_index).code == 0
    for p in seed_corpus.iterdir():
        p.unlink()
    for _ in range(2):
        res = run_cli("search", "tariffs", "--json", "--corpus", seed_corpus, "--index", seed_index)
        assert "no articles under" in error_line(res, 1)
    assert not (seed_index / "state.sqlite").exists()


# -- bad arguments on a good corpus: user errors (exit 1) ---------------------------------

USER_ERRORS = [
    pytest.param(("show", "no-such-id"), "no article with id 'no-such-id'", id="show-bad-id"),
    pytest.param(("show", ""), "no article with id ''", id="show-empty-id"),
    pytest.param(("similar", "no-such-id"), "no article with id 'no-such-id'", id="similar-bad-id"),
    pytest.param(("set-date", "no-such-id", "2019-01-01"), "no article with id 'no-such-id'", id="set-date-bad-id"),
    pytest.param(("set-date", "no-such-id", "--clear"), "no article with id 'no-such-id'", id="set-date-clear-bad-id"),
    pytest.param(("entity", "Zzyzx"), "no entity named 'Zzyzx'", id="entity-unknown"),
    pytest.param(("entity", "Kudlo"), "did you mean: Larry Kudlow", id="entity-close"),
    pytest.param(("timeline", "--person", "Zzyzx"), "no entity named 'Zzyzx'", id="timeline-person-unknown"),
    pytest.param(("search", "date:[nonsense to 2018]"), "cannot read query", id="query-date"),
    pytest.param(("search", "foo:bar"), "unknown field 'foo'", id="query-field"),
    pytest.param(("search", '"open'), "a quote is not closed", id="query-quote"),
    pytest.param(("search", "date:2018-02-30"), "cannot read query", id="query-no-such-day"),
    pytest.param(("search", "date:[2019 to 2018]"), "ends before it starts", id="query-range"),
    pytest.param(("search", "event:nonsense"), "cannot read query", id="query-event"),
    pytest.param(("search", "person:"), "needs a value", id="query-empty-field"),
]


@pytest.mark.parametrize(("args", "words"), USER_ERRORS)
@JSON_FLAGS
def test_user_errors_exit_1(tt, args, words, json_flag):
    assert words in error_line(tt(*args, *json_flag), 1)


# -- usage errors (exit 2): found before anything is indexed --------------------------------

USAGE_ERRORS = [
    pytest.param(("set-date", S000, "2018-02-30"), "not a date", id="set-date-feb-30"),
    pytest.param(("set-date", S000, "nonsense"), "not a date", id="set-date-nonsense"),
    pytest.param(("set-date", S000), "give a DATE", id="set-date-neither"),
    pytest.param(("set-date", S000, "2019-01-01", "--clear"), "not both", id="set-date-both"),
    pytest.param(("set-date",), "required", id="set-date-no-id"),
    pytest.param(("timeline", "--from", "nonsense"), "not a date", id="timeline-from"),
    pytest.param(("timeline", "--to", "2018-13-01"), "not a date", id="timeline-to"),
    pytest.param(("timeline", "--from", "2019-01-01", "--to", "2018-01-01"), "is before", id="timeline-backwards"),
    pytest.param(("timeline", "--person", ""), "needs a name", id="timeline-person-empty"),
    pytest.param(("timeline", "--format", "xml"), "invalid choice", id="timeline-format"),
    pytest.param(("search", "tariffs", "--limit", "0"), "--limit", id="search-limit-0"),
    pytest.param(("search", "tariffs", "--limit", "-1"), "--limit", id="search-limit-neg"),
    pytest.param(("search", "tariffs", "--limit", "abc"), "--limit", id="search-limit-abc"),
    pytest.param(("search", "tariffs", "--offset", "-5"), "--offset", id="search-offset-neg"),
    pytest.param(("search", "tariffs", "--offset", "1.5"), "--offset", id="search-offset-float"),
    pytest.param(("search", "tariffs", "--sort", "size"), "invalid choice", id="search-sort"),
    pytest.param(("search",), "required", id="search-no-query"),
    pytest.param(("similar", S000, "--limit", "0"), "--limit", id="similar-limit-0"),
    pytest.param(("similar", S000, "--limit", "-1"), "--limit", id="similar-limit-neg"),
    pytest.param(("similar", S000, "--limit", "abc"), "--limit", id="similar-limit-abc"),
    pytest.param(("entities", "--limit", "0"), "--limit", id="entities-limit-0"),
    pytest.param(("entities", "--limit", "-1"), "--limit", id="entities-limit-neg"),
    pytest.param(("entities", "--limit", "abc"), "--limit", id="entities-limit-abc"),
    pytest.param(("entities", "--kind", "animal"), "invalid choice", id="entities-kind"),
    pytest.param(("show",), "required", id="show-no-id"),
    pytest.param(("entity",), "required", id="entity-no-name"),
    pytest.param(("no-such-command",), "invalid choice", id="unknown-command"),
    pytest.param(("search", "tariffs", "--no-such-option"), "unrecognized", id="search-option"),
    pytest.param(("show", S000, "--no-such-option"), "unrecognized", id="show-option"),
    pytest.param(("timeline", "--no-such-option"), "unrecognized", id="timeline-option"),
    pytest.param(("index", "--limit", "3"), "unrecognized", id="index-limit"),
    pytest.param(("--no-such-option",), "unrecognized", id="top-option"),
    pytest.param(("show", S000, S002), "unrecognized", id="show-two-ids"),
]


@pytest.mark.parametrize(("args", "words"), USAGE_ERRORS)
@JSON_FLAGS
def test_usage_errors_exit_2(run_cli, seed_corpus, tmp_path, args, words, json_flag):
    index = tmp_path / "ix"
    res = run_cli(*args, *json_flag, "--corpus", seed_corpus, "--index", index)
    assert words in error_line(res, 2)
    assert not index.exists()  # refused before any indexing


@pytest.mark.parametrize(
    ("args", "words"),
    [
        pytest.param(("search", "tariffs", "--limit", "0"), "--limit", id="search-limit"),
        pytest.param(("set-date", S000), "give a DATE", id="set-date-neither"),
    ],
)
def test_usage_errors_come_before_a_missing_corpus(run_cli, tmp_path, args, words):
    res = run_cli(*args, "--corpus", tmp_path / "nowhere", "--index", tmp_path / "ix")
    assert words in error_line(res, 2)


# -- successful --json runs: exactly one document ------------------------------------------


@pytest.mark.parametrize(
    "args",
    [
        pytest.param(("search", "tarifs"), id="search-zero-hits"),
        pytest.param(("search", "tariffs", "--offset", "1000"), id="search-past-the-end"),
        pytest.param(("search", "tariffs", "--limit", "1"), id="search-limit-1"),
        pytest.param(("similar", S000, "--limit", "1"), id="similar-limit-1"),
        pytest.param(("entities", "--limit", "1"), id="entities-limit-1"),
        pytest.param(("timeline", "--from", "2030-01-01"), id="timeline-empty"),
        pytest.param(("set-date", S002, "--clear"), id="set-date-clear"),
        *(pytest.param(COMMANDS[c], id=c) for c in COMMANDS),
    ],
)
def test_json_success_is_one_document(tt, args):
    one_json_document(tt(*args, "--json"))


def test_limits_are_applied(tt):
    assert len(tt("entities", "--limit", "1", "--json").json()["entities"]) == 1
    assert len(tt("similar", S000, "--limit", "1", "--json").json()["hits"]) == 1


# -- the output cannot be written -------------------------------------------------------------


class _FailingStdout(io.StringIO):
    """A stdout whose writes fail with one OSError."""

    def __init__(self, exc: OSError) -> None:
        super().__init__()
        self.exc = exc

    def write(self, text: str) -> int:
        raise self.exc

    def flush(self) -> None:
        raise self.exc


@EVERY_COMMAND
@JSON_FLAGS
def test_full_disk_on_stdout_is_one_line(tt, monkeypatch, command, json_flag):
    monkeypatch.setattr(sys, "stdout", _FailingStdout(OSError(errno.ENOSPC, "No space left")))
    res = tt(*COMMANDS[command], *json_flag)
    assert error_line(res, 1) == "tradetui: error: cannot write the output: the disk is full"


@EVERY_COMMAND
@JSON_FLAGS
def test_closed_pipe_on_stdout_is_a_quiet_success(tt, monkeypatch, command, json_flag):
    monkeypatch.setattr(sys, "stdout", _FailingStdout(BrokenPipeError(errno.EPIPE, "Broken pipe")))
    res = tt(*COMMANDS[command], *json_flag)
    assert res.code == 0 and res.err == ""


@pytest.mark.parametrize("command", ["search", "show", "timeline"])
def test_closed_stdout_is_one_line(tt, monkeypatch, command):
    monkeypatch.setattr(sys, "stdout", None)
    res = tt(*COMMANDS[command], "--json")
    assert "standard output is closed" in error_line(res, 1)


def test_closed_stderr_keeps_errors_off_stdout(tt, monkeypatch):
    monkeypatch.setattr(sys, "stderr", None)
    res = tt("show", "no-such-id")
    assert res.code == 1 and res.out == ""


# -- dates at the calendar's ends, and a data folder that cannot be written ----------------


@pytest.mark.parametrize("day", ["0001-01-01", "9999-12-31"])
def test_set_date_at_the_ends_of_the_calendar(tt, day):
    res = tt("set-date", S000, day, "--json")
    assert res.code in (0, 1)
    if res.code == 0:
        one_json_document(res)
    else:
        error_line(res, 1)
    one_json_document(tt("show", S000, "--json"))


@pytest.mark.parametrize("where", ["file", "proc"])
def test_set_date_with_an_unusable_data_folder(tt, monkeypatch, tmp_path, where):
    folder = tmp_path / "data-file" if where == "file" else Path("/proc/nope")
    if where == "file":
        folder.write_text("x", encoding="utf-8")
    monkeypatch.setenv("TRADETUI_DATA_DIR", str(folder))
    error_line(tt("set-date", S000, "2019-01-01", "--json"), 1)


def test_busy_index_is_one_line(tt, seed_index, monkeypatch):
    import fcntl

    import search.library

    monkeypatch.setitem(search.library.Library.__init__.__kwdefaults__, "lock_wait", 0.1)
    with open(seed_index / "write.lock", "w") as held:
        fcntl.flock(held, fcntl.LOCK_EX)
        res = tt("set-date", S002, "2019-07-05", "--json")
    assert "the index is busy" in error_line(res, 1)


# -- the installed command, in a process of its own ------------------------------------------

SCRIPT = ROOT / ".venv" / "bin" / "tradetui"
needs_script = pytest.mark.skipif(not SCRIPT.exists(), reason="the console script is not installed")


def _real(*args, stdout=subprocess.PIPE) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(SCRIPT), *map(str, args)],
        stdout=stdout,
        stderr=subprocess.PIPE,
        text=True,
        timeout=120,
        env=dict(os.environ),
    )


@needs_script
def test_installed_command_index_is_a_file(seed_corpus, tmp_path):
    (tmp_path / "not-a-folder").write_text("x", encoding="utf-8")
    proc = _real("--index", tmp_path / "not-a-folder", "search", "tariffs", "--corpus", seed_corpus)
    res = CliResult(proc.returncode, proc.stdout, proc.stderr)
    assert "it is a file, not a folder" in error_line(res, 1)


@needs_script
@pytest.mark.skipif(not Path("/dev/full").exists(), reason="no /dev/full here")
def test_installed_command_on_a_full_disk(seed_corpus, seed_index):
    with open("/dev/full", "w") as full:
        proc = _real("show", S000, "--corpus", seed_corpus, "--index", seed_index, stdout=full)
    assert proc.returncode == 1
    assert proc.stderr == "tradetui: error: cannot write the output: the disk is full\n"


@needs_script
@pytest.mark.parametrize("json_flag", [(), ("--json",)], ids=["plain", "json"])
def test_installed_command_into_a_closed_pipe(seed_corpus, seed_index, json_flag):
    read, write = os.pipe()
    os.close(read)  # the reader is gone before the first byte is written
    try:
        proc = _real("show", S000, *json_flag, "--corpus", seed_corpus, "--index", seed_index, stdout=write)
    finally:
        os.close(write)
    assert (proc.returncode, proc.stderr) == (0, "")
