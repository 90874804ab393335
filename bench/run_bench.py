"""Indexing speed, query latency and memory of the search core on generated corpora.

    python bench/run_bench.py [--sizes 1000,10000] [--extra PATH] [--out DIR]
                              [--procs 2,1] [--build-repeats 1] [--repeats 20] [--seed 1]

For each size N an N-article corpus is written (to a temporary folder, or under
--out DIR, where it is kept): every article is 8-25 sentences drawn at random from
the bundled seed articles and the --extra text (a one-article-per-line file, such
as the Lee corpus, or a folder of .txt/.md files), grouped in paragraphs of 1-3
sentences, with a ` date YYYY-MM-DD` header drawn uniformly from 2017-01-01 to
2020-12-31, one .txt file per article in subfolders of 1000.

Measured, each in a fresh Python process so that times and peak RSS are clean:
  build    Library(corpus, index_dir).open() + .update(procs=P) on an empty index
           (loading, entity and date extraction, SQLite side table, Whoosh), for
           every P in --procs, --build-repeats times (the median run is reported);
           articles/s = N / (open + update)
  extract  entity + date extraction alone (EntityExtractor.extract and find_dates on
           body and captions) over up to 2000 loaded articles, to split the build
           time between extraction and the rest
  reopen   a new Library on the unchanged corpus: open() + update() finding nothing
  query    import of the search package, Library.open(), the first searcher, entity
           linking (needed by the first person: query), then the query mix: the
           first page (Library.search(q, limit=20, with_total=False)) and the exact
           count (Library.count(q)) timed separately, first run ("cold") apart from
           --repeats further runs (p50/p95); peak RSS (ru_maxrss) of that process
A table is printed and the numbers are written as JSON to bench/out/ (git-ignored).
"""

from __future__ import annotations

import argparse
import gc
import json
import math
import os
import random
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from corpus_paths import LEE

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
OUT = HERE / "out"
SEEDS = ROOT / "seeds"
FIRST_DAY, LAST_DAY = date(2017, 1, 1), date(2020, 12, 31)

# The fixed query mix; {person} is replaced by the surname of the corpus' most
# frequent person (found through Library.entities in the query process).
QUERY_MIX = [
    ("single word", "government"),
    ("two words AND", "security AND minister"),
    ("phrase", '"prime minister"'),
    ("date range", "date:[2018-01-01 to 2018-06-30]"),
    ("prefix wildcard", "negotia*"),
    ("person", "person:{person}"),
    ("OR", "tariffs OR taliban"),
]


# -- sentence pool and corpus generation -------------------------------------------------

_ABBREV = re.compile(
    r"(?:\b(?:Mr|Mrs|Ms|Dr|St|Jr|Sr|Gen|Col|Lt|Sen|Rep|Gov|Prof|Rev|Capt|Maj|Sgt|Adm|No|vs|etc|Inc|Co"
    r"|Corp|Ltd|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)|\b[A-Z]|\b(?:[A-Z]\.)+[A-Z])\.$"
)
_BREAK = re.compile(r"(?:(?<=[.!?])|(?<=[.!?][\"”’']))\s+(?=[\"“‘'(]?[A-Z0-9])")


def split_sentences(paragraph: str) -> list[str]:
    out, start = [], 0
    for m in _BREAK.finditer(paragraph):
        if _ABBREV.search(paragraph, max(0, m.start() - 8), m.start()):
            continue  # "Mr. Kudlow", "U.S. officials", "Sept. 12"
        out.append(paragraph[start : m.start()])
        start = m.end()
    out.append(paragraph[start:])
    return [" ".join(s.split()) for s in out]


def usable(sentence: str) -> bool:
    letters = [c for c in sentence if c.isalpha()]
    return len(sentence) >= 25 and bool(letters) and sum(c.isupper() for c in letters) / len(letters) < 0.5


def sentence_pool(extra: Path | None) -> tuple[list[str], dict]:
    """Sentences of the seed articles (bodies, as loaded) and of the extra text."""
    sys.path.insert(0, str(ROOT))
    from search.loader import iter_corpus_files, load_file

    def from_folder(root: Path) -> list[str]:
        found = []
        for path in iter_corpus_files(root):
            if path.suffix.lower() not in (".txt", ".md", ".markdown"):
                continue
            for art in load_file(root, path).articles:
                for para in art.body.split("\n\n"):
                    found.extend(split_sentences(para))
        return found

    seeds = [s for s in from_folder(SEEDS) if usable(s)]
    extra_sents: list[str] = []
    if extra is not None:
        if extra.is_file():
            for line in extra.read_text(encoding="utf-8", errors="replace").split("\n"):
                extra_sents.extend(split_sentences(line.strip()))
        elif extra.is_dir():
            extra_sents = from_folder(extra)
        extra_sents = [s for s in extra_sents if usable(s)]
    pool = seeds + extra_sents
    return pool, {
        "seed_sentences": len(seeds),
        "extra_sentences": len(extra_sents),
        "extra": str(extra) if extra else None,
    }


def paragraphs(rng: random.Random, pool: list[str], most: int = 25) -> list[str]:
    """8 to `most` sentences of the pool, in paragraphs of 1-3 sentences."""
    sentences = [rng.choice(pool) for _ in range(rng.randint(8, most))]
    out, k = [], 0
    while k < len(sentences):
        step = rng.randint(1, 3)
        out.append(" ".join(sentences[k : k + step]))
        k += step
    return out


def article_body(rng: random.Random, pool: list[str]) -> str:
    """One generated article: 8-25 sentences of the pool in paragraphs of 1-3 sentences."""
    return "\n\n".join(paragraphs(rng, pool)) + "\n"


def write_corpus(root: Path, n: int, pool: list[str], seed: int) -> dict:
    """N articles of 8-25 pooled sentences, dated uniformly over 2017-2020, 1000 per folder."""
    if root.exists():
        shutil.rmtree(root)
    rng = random.Random(seed * 1_000_003 + n)
    span = (LAST_DAY - FIRST_DAY).days
    total_bytes = 0
    t0 = time.perf_counter()
    for i in range(n):
        folder = root / f"{i // 1000:04d}"
        if i % 1000 == 0:
            folder.mkdir(parents=True, exist_ok=True)
        body = article_body(rng, pool)
        day = FIRST_DAY + timedelta(days=rng.randint(0, span))
        text = f" date {day.isoformat()}\n" + body
        data = text.encode("utf-8")
        (folder / f"{i:07d}.txt").write_bytes(data)
        total_bytes += len(data)
    return {"articles": n, "bytes": total_bytes, "seconds": time.perf_counter() - t0}


# -- helpers -------------------------------------------------------------------------------


def percentile(xs: list[float], p: float) -> float:
    """Nearest-rank percentile."""
    s = sorted(xs)
    if not s:
        return float("nan")
    return s[max(0, math.ceil(p / 100 * len(s)) - 1)]


def dir_bytes(path: Path) -> int:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file())


def maxrss_mb(who: int = resource.RUSAGE_SELF) -> float:
    return resource.getrusage(who).ru_maxrss / 1024  # Linux reports KiB


def _library(spec: dict):
    from search import Library

    return Library(
        Path(spec["corpus"]),
        Path(spec["index"]),
        overrides_path=Path(spec["work"]) / "no-overrides.toml",
        data_dir=Path(spec["work"]) / "data",
    )


# -- child processes -------------------------------------------------------------------


def _without_extraction() -> None:
    """Index text alone: no entities, quotes or dates (the search core's own build speed).

    Applied in this process and, as the pool's initializer, in each worker.
    """
    from search import pipeline
    from search.entities import Extraction

    class NoNames:
        def extract(self, body, captions):
            return Extraction((), ())

    pipeline._extractor = NoNames()
    pipeline.find_dates = lambda text, where, art_date: []
    gc.set_threshold(200_000, 20, 100)  # as the real initializer does


def _timed_update(spec: dict):
    """Open the spec's Library and update it: (library, report, t_start, t_opened, t_updated)."""
    sys.path.insert(0, str(ROOT))
    if spec.get("index_only"):
        from search import pipeline

        _without_extraction()
        pipeline._init_worker = _without_extraction
    t0 = time.perf_counter()
    lib = _library(spec)
    lib.open()
    t1 = time.perf_counter()
    report = lib.update(procs=spec["procs"])
    return lib, report, t0, t1, time.perf_counter()


def child_build(spec: dict) -> dict:
    lib, report, t0, t1, t2 = _timed_update(spec)
    counts = lib.store.db.execute(
        "SELECT (SELECT COUNT(*) FROM articles), (SELECT COUNT(*) FROM mentions),"
        " (SELECT COUNT(*) FROM events), (SELECT COUNT(*) FROM unresolved)"
    ).fetchone()
    lib.close()
    segments = None
    try:  # engine detail, read straight from Whoosh (the bench may look behind the seam)
        from whoosh import index as whoosh_index

        ix = whoosh_index.open_dir(spec["index"])
        segments = len(ix._segments())
        ix.close()
    except Exception:
        pass
    return {
        "procs": spec["procs"],
        "open_s": t1 - t0,
        "update_s": t2 - t1,
        "total_s": t2 - t0,
        "added": report.added,
        "skipped": len(report.skipped),
        "articles_rows": counts[0],
        "mentions_rows": counts[1],
        "events_rows": counts[2],
        "unresolved_rows": counts[3],
        "segments": segments,
        "index_bytes": dir_bytes(Path(spec["index"])),
        "sqlite_bytes": sum(f.stat().st_size for f in Path(spec["index"]).glob("state.sqlite*")),
        "maxrss_mb": maxrss_mb(),
        "children_maxrss_mb": maxrss_mb(resource.RUSAGE_CHILDREN),
    }


def child_extract(spec: dict) -> dict:
    sys.path.insert(0, str(ROOT))
    from search.entities import EntityExtractor
    from search.loader import iter_corpus_files, load_file
    from search.timeline import dateline_date, find_dates

    root = Path(spec["corpus"])
    articles = []
    t0 = time.perf_counter()
    for path in iter_corpus_files(root):
        articles.extend(load_file(root, path).articles)
        if len(articles) >= spec["limit"]:
            break
    load_s = time.perf_counter() - t0
    ex = EntityExtractor()
    find_dates("Talks were held on Nov. 8, 2017.", "body", date(2018, 1, 1))  # import dateparser
    t0 = time.perf_counter()
    for a in articles:
        ex.extract(a.body, a.captions)
    ent_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    for a in articles:
        ref = a.date or dateline_date(a.body)
        find_dates(a.body, "body", ref)
        for i, c in enumerate(a.captions):
            find_dates(c, f"caption:{i}", ref)
    dates_s = time.perf_counter() - t0
    n = len(articles)
    return {
        "articles": n,
        "load_s": load_s,
        "entities_s": ent_s,
        "dates_s": dates_s,
        "load_per_s": n / load_s,
        "entities_per_s": n / ent_s,
        "dates_per_s": n / dates_s,
        "extraction_per_s": n / (ent_s + dates_s),
    }


def child_reopen(spec: dict) -> dict:
    lib, report, t0, t1, t2 = _timed_update(spec)
    lib.close()
    return {
        "open_s": t1 - t0,
        "update_s": t2 - t1,
        "total_s": t2 - t0,
        "added": report.added,
        "updated": report.updated,
        "deleted": report.deleted,
        "unchanged": report.unchanged,
        "rebuilt_reason": report.rebuilt_reason,
        "messages": list(lib.messages),
    }


def child_query(spec: dict) -> dict:
    t0 = time.perf_counter()
    sys.path.insert(0, str(ROOT))
    import search  # noqa: F401
    from search.store import Store

    import_s = time.perf_counter() - t0
    # The side table alone (its constructor runs PRAGMA quick_check over the whole file).
    t0 = time.perf_counter()
    Store(Path(spec["index"]) / "state.sqlite").close()
    store_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    lib = _library(spec)
    lib.open()
    open_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    docs = lib.index.searcher().doc_count()
    searcher_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    lib.linked()
    link_s = time.perf_counter() - t0
    people = lib.entities("person", limit=1)
    person = people[0].name.split()[-1].lower() if people else "kudlow"
    person_articles = len(people[0].articles) if people else 0
    rss_before_queries = maxrss_mb()
    results = []
    for label, template in QUERY_MIX:
        q = template.format(person=person)
        t0 = time.perf_counter()
        page = lib.search(q, limit=20, with_total=False)
        cold_page = time.perf_counter() - t0
        t0 = time.perf_counter()
        total = lib.count(q)
        cold_count = time.perf_counter() - t0
        page_t, count_t = [], []
        for _ in range(spec["repeats"]):
            t0 = time.perf_counter()
            lib.search(q, limit=20, with_total=False)
            page_t.append(time.perf_counter() - t0)
            t0 = time.perf_counter()
            lib.count(q)
            count_t.append(time.perf_counter() - t0)
        results.append(
            {
                "label": label,
                "query": q,
                "hits_on_page": len(page.hits),
                "total": total,
                "page_cold_s": cold_page,
                "count_cold_s": cold_count,
                "page_s": page_t,
                "count_s": count_t,
            }
        )
    lib.close()
    return {
        "import_s": import_s,
        "store_open_s": store_s,
        "open_s": open_s,
        "first_searcher_s": searcher_s,
        "doc_count": docs,
        "linking_s": link_s,
        "person": person,
        "person_articles": person_articles,
        "queries": results,
        "maxrss_before_queries_mb": rss_before_queries,
        "maxrss_mb": maxrss_mb(),
    }


CHILDREN = {"build": child_build, "extract": child_extract, "reopen": child_reopen, "query": child_query}


def run_child(role: str, spec: dict, env: dict) -> dict:
    cmd = [sys.executable, str(Path(__file__).resolve()), "--_child", role, json.dumps(spec)]
    proc = subprocess.run(cmd, stdout=subprocess.PIPE, text=True, env=env, cwd=str(ROOT))
    if proc.returncode != 0:
        raise SystemExit(f"{role} process failed (exit {proc.returncode}) for {spec}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


# -- one size ----------------------------------------------------------------------------


def bench_size(n: int, work: Path, pool: list[str], args, env: dict) -> dict:
    corpus = work / f"corpus-{n}"
    if args.build_repeats == 0 and corpus.exists():
        gen = {"bytes": dir_bytes(corpus), "seconds": 0.0, "reused": True}
        log(f"[{n}] reusing {corpus}")
    else:
        log(f"[{n}] writing corpus to {corpus}")
        gen = write_corpus(corpus, n, pool, args.seed)
        log(f"[{n}] {gen['bytes'] / 1e6:.1f} MB in {gen['seconds']:.1f} s")
    base = {"corpus": str(corpus), "work": str(work)}
    builds = []
    plans = [(p, False) for p in args.procs] + ([(args.procs[0], True)] if args.text_only else [])
    for p, text_only in plans:
        index = work / (f"index-{n}-p{p}" + ("-text" if text_only else ""))
        if args.build_repeats == 0 and text_only:
            continue
        if args.build_repeats == 0:
            # Reuse the index an earlier run left in --out; links are made afresh as after a build.
            if not (index / "state.sqlite").exists():
                raise SystemExit(f"--build-repeats 0: no index to reuse at {index}")
            (index / "linked.pickle").unlink(missing_ok=True)
            log(f"[{n}] reusing {index}")
            continue
        if index.exists():
            shutil.rmtree(index)
        runs = []
        for r in range(args.build_repeats):
            if index.exists():
                shutil.rmtree(index)
            what = "text index only (no extraction)" if text_only else "index"
            log(f"[{n}] building {what} with procs={p} (run {r + 1} of {args.build_repeats})")
            b = run_child("build", {**base, "index": str(index), "procs": p, "index_only": text_only}, env)
            b["text_only"] = text_only
            b["articles_per_s"] = n / b["total_s"]
            log(
                f"[{n}]   {b['total_s']:.1f} s, {b['articles_per_s']:.0f} articles/s, "
                f"{b['segments']} segments, peak RSS {b['maxrss_mb']:.0f} MB"
            )
            runs.append(b)
        # Shared machines vary by 10-20% between identical runs: report the median run.
        runs.sort(key=lambda b: b["articles_per_s"])
        b = dict(runs[len(runs) // 2])
        b["runs_articles_per_s"] = [round(x["articles_per_s"], 1) for x in runs]
        builds.append(b)
    index = work / f"index-{n}-p{args.procs[0]}"
    log(f"[{n}] extraction alone")
    extract = run_child("extract", {**base, "limit": min(n, 2000)}, env)
    log(f"[{n}] reopening unchanged corpus")
    reopen = run_child("reopen", {**base, "index": str(index), "procs": args.procs[0]}, env)
    log(f"[{n}] queries ({args.repeats} repeats)")
    query = run_child("query", {**base, "index": str(index), "repeats": args.repeats}, env)
    for q in query["queries"]:
        q["page_p50_ms"] = 1000 * percentile(q["page_s"], 50)
        q["page_p95_ms"] = 1000 * percentile(q["page_s"], 95)
        q["count_p50_ms"] = 1000 * percentile(q["count_s"], 50)
        q["count_p95_ms"] = 1000 * percentile(q["count_s"], 95)
    all_page = [t for q in query["queries"] for t in q["page_s"]]
    all_count = [t for q in query["queries"] for t in q["count_s"]]
    query["mix"] = {
        "page_p50_ms": 1000 * percentile(all_page, 50),
        "page_p95_ms": 1000 * percentile(all_page, 95),
        "count_p50_ms": 1000 * percentile(all_count, 50),
        "count_p95_ms": 1000 * percentile(all_count, 95),
    }
    return {"size": n, "corpus": gen, "builds": builds, "extract": extract, "reopen": reopen, "query": query}


# -- report ----------------------------------------------------------------------------------


def log(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


def print_report(results: list[dict], meta: dict) -> None:
    print(
        f"\nCorpus sentences: {meta['pool']['seed_sentences']} from seeds + "
        f"{meta['pool']['extra_sentences']} from {meta['pool']['extra']}; "
        f"{meta['cpus']} CPUs; Python {meta['python']}"
    )
    print("\nIndex build (Library.open() + update(), fresh process, empty index)")
    print(
        f"{'articles':>9} {'MB':>6} {'build':>9} {'procs':>5} {'seconds':>8} {'art/s':>7} {'segs':>5} "
        f"{'index MB':>9} {'sqlite MB':>9} {'RSS MB':>7} {'workers':>8}"
    )
    for r in results:
        for b in r["builds"]:
            kind = "text only" if b.get("text_only") else "full"
            print(
                f"{r['size']:>9} {r['corpus']['bytes'] / 1e6:>6.1f} {kind:>9} {b['procs']:>5} {b['total_s']:>8.1f} "
                f"{b['articles_per_s']:>7.0f} {b['segments'] or 0:>5} {b['index_bytes'] / 1e6:>9.1f} "
                f"{b['sqlite_bytes'] / 1e6:>9.1f} {b['maxrss_mb']:>7.0f} {b['children_maxrss_mb']:>8.0f}"
            )
    print(
        "  (full: extraction included; text only: --text-only, entities and dates switched off;"
        " RSS: the indexing process; workers: largest worker process, procs > 1 only)"
    )
    print("\nExtraction alone, 1 core (up to 2000 articles of the corpus)")
    print(f"{'articles':>9} {'load/s':>8} {'entities/s':>11} {'dates/s':>8} {'both/s':>7}")
    for r in results:
        e = r["extract"]
        print(
            f"{r['size']:>9} {e['load_per_s']:>8.0f} {e['entities_per_s']:>11.0f} {e['dates_per_s']:>8.0f} "
            f"{e['extraction_per_s']:>7.0f}"
        )
    print("\nOpening (fresh processes)")
    print(
        f"{'articles':>9} {'reopen+update s':>16} {'import s':>9} {'store s':>8} {'open s':>7} "
        f"{'searcher s':>11} {'linking s':>10} {'RSS MB':>7}"
    )
    for r in results:
        q, ro = r["query"], r["reopen"]
        print(
            f"{r['size']:>9} {ro['total_s']:>16.2f} {q['import_s']:>9.2f} {q['store_open_s']:>8.3f} "
            f"{q['open_s']:>7.3f} {q['first_searcher_s']:>11.3f} {q['linking_s']:>10.2f} {q['maxrss_mb']:>7.0f}"
        )
    print(
        "  (reopen: new Library, open() + update() with nothing to do; store: Store() alone;"
        " open: Library.open(); linking: first Library.linked(); RSS: peak of the query process)"
    )
    for r in results:
        q = r["query"]
        print(
            f"\nQueries, {r['size']} articles ({q['doc_count']} docs; person = {q['person']!r}, "
            f"{q['person_articles']} articles); ms; first page = search(limit=20, with_total=False)"
        )
        print(
            f"  {'query':38} {'total':>7} {'page cold':>9} {'p50':>7} {'p95':>7} "
            f"{'count cold':>10} {'p50':>7} {'p95':>7}"
        )
        for x in q["queries"]:
            print(
                f"  {x['query'][:38]:38} {x['total']:>7} {1000 * x['page_cold_s']:>9.1f} "
                f"{x['page_p50_ms']:>7.1f} {x['page_p95_ms']:>7.1f} {1000 * x['count_cold_s']:>10.1f} "
                f"{x['count_p50_ms']:>7.1f} {x['count_p95_ms']:>7.1f}"
            )
        m = q["mix"]
        print(
            f"  {'whole mix':38} {'':>7} {'':>9} {m['page_p50_ms']:>7.1f} {m['page_p95_ms']:>7.1f} "
            f"{'':>10} {m['count_p50_ms']:>7.1f} {m['count_p95_ms']:>7.1f}"
        )


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["--_child"]:
        print(json.dumps(CHILDREN[argv[1]](json.loads(argv[2]))))
        return 0
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", default="1000,10000", help="comma list of corpus sizes (default 1000,10000)")
    ap.add_argument(
        "--extra",
        type=Path,
        default=LEE if LEE.exists() else None,
        help="extra sentence source: one-article-per-line file or folder of .txt/.md",
    )
    ap.add_argument("--out", type=Path, help="keep corpora and indexes here (default: a temporary folder)")
    ap.add_argument("--procs", default="2,1", help="Library.update(procs=...) values to build with")
    ap.add_argument(
        "--build-repeats",
        type=int,
        default=1,
        help="builds per size and procs value; the median run is reported"
        " (0: reuse the indexes of an earlier run with the same --out)",
    )
    ap.add_argument(
        "--text-only", action="store_true", help="also build without entity and date extraction (the text index alone)"
    )
    ap.add_argument("--repeats", type=int, default=20, help="timed runs of each query after the first")
    ap.add_argument("--seed", type=int, default=1, help="random seed of the generated corpora")
    ap.add_argument("--json", type=Path, help="JSON result file (default bench/out/bench-<time>.json)")
    args = ap.parse_args(argv)
    sizes = [int(s.replace("_", "")) for s in args.sizes.split(",") if s.strip()]
    args.procs = [int(p) for p in args.procs.split(",") if p.strip()]
    if args.build_repeats == 0 and not args.out:
        ap.error("--build-repeats 0 needs --out (the folder of an earlier run)")
    if args.extra is not None and not args.extra.exists():
        ap.error(f"--extra {args.extra} does not exist")

    tmp = None
    if args.out:
        work = args.out.resolve()
        work.mkdir(parents=True, exist_ok=True)
    else:
        tmp = tempfile.mkdtemp(prefix="tradetui-bench-")
        work = Path(tmp)
    env = dict(os.environ)
    for var, sub in (("TRADETUI_CACHE_DIR", "cache"), ("TRADETUI_DATA_DIR", "data"), ("TRADETUI_CONFIG_DIR", "config")):
        env[var] = str(work / sub)
    env["PYTHONDONTWRITEBYTECODE"] = "1"

    pool, pool_meta = sentence_pool(args.extra)
    if not pool:
        raise SystemExit("no sentences to build articles from")
    meta = {
        "started": time.strftime("%Y-%m-%dT%H:%M:%S"),
        "sizes": sizes,
        "procs": args.procs,
        "repeats": args.repeats,
        "seed": args.seed,
        "pool": pool_meta,
        "cpus": os.cpu_count(),
        "python": sys.version.split()[0],
        "work": str(work) if args.out else None,
        "queries": [q for _, q in QUERY_MIX],
    }
    results = []
    t_all = time.perf_counter()
    try:
        for n in sizes:
            results.append(bench_size(n, work, pool, args, env))
    finally:
        if tmp:
            shutil.rmtree(tmp, ignore_errors=True)
    meta["seconds"] = time.perf_counter() - t_all
    print_report(results, meta)
    OUT.mkdir(parents=True, exist_ok=True)
    path = args.json or OUT / f"bench-{time.strftime('%Y%m%d-%H%M%S')}.json"
    doc = json.dumps({"meta": meta, "results": results}, indent=1)
    path.write_text(doc, encoding="utf-8")
    (OUT / "latest.json").write_text(doc, encoding="utf-8")
    print(f"\nWrote {path} (whole run {meta['seconds']:.0f} s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
