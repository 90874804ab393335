"""Scoring a query a posting block at a time, for the first page and the total at once.

Whoosh walks a query one document at a time through a tree of matcher objects:
each posting costs a dozen Python calls, among them a read of the document's field
length from disk. On a 100,000-article index a common word matches most of the
corpus, and its first page took 150-250 ms, though only 20 hits are shown.

Here the common query shapes (terms, AND, OR and phrases over the text fields) are
scored from whole posting blocks: a block's ids and weights are read in one piece,
field lengths come from one table per segment, and BM25F's length factor from one
table per field (a field length is stored as one of 256 byte values). Any other
node (ranges, wildcards, NOT, fuzzy terms...) is scored by Whoosh's own matcher for
that node, so every query is answered. The arithmetic is Whoosh's, in the same
order, so scores and ranks are those of Whoosh's exhaustive search (a test compares
the two). Whoosh's own pruned top-N can miss better documents for some AND queries;
scoring every match cannot. The same pass yields the exact number of matches.
"""

from __future__ import annotations

import heapq
import sys
import warnings
import weakref
from array import array
from collections.abc import Mapping
from functools import lru_cache
from itertools import accumulate, chain
from pickle import loads

with warnings.catch_warnings():
    warnings.simplefilter("ignore", SyntaxWarning)
    from whoosh import query as wq
    from whoosh.fields import DATETIME
    from whoosh.formats import Positions
    from whoosh.scoring import BM25F
    from whoosh.util.numeric import byte_to_length

from . import fastpaths, internals

# Per segment reader: {field: encoded field lengths (bytes), ("column", field): values}.
_LENGTHS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


class Unsupported(Exception):
    """The searcher is not one this module knows how to read; use Whoosh's own path."""


def top_documents(searcher, q, limit: int) -> tuple[list[tuple[int, float]], int]:
    """The best `limit` (global docnum, score) pairs, best first, and the number of matches.

    Ties are broken as Whoosh breaks them: the lower document number first.
    """
    per_segment = _evaluate_all(searcher, q)
    total = sum(len(scores) for scores, _ in per_segment)
    if limit <= 0 or total == 0:
        return [], total
    # The limit-th best score, then only the candidates at or above it are ordered.
    every_score = chain.from_iterable(scores.values() for scores, _ in per_segment)
    floor = heapq.nlargest(limit, every_score)[-1]
    candidates = [
        (score, -(offset + doc)) for scores, offset in per_segment for doc, score in scores.items() if score >= floor
    ]
    candidates.sort(reverse=True)
    return [(-neg, score) for score, neg in candidates[:limit]], total


def count(searcher, q) -> int:
    """The number of matching documents."""
    return sum(len(scores) for scores, _ in _evaluate_all(searcher, q))


def _evaluate_all(searcher, q) -> list[tuple[dict, int]]:
    return [(scores, offset) for _, scores, offset in _evaluate_segments(searcher, q)]


def _evaluate_segments(searcher, q) -> list[tuple[object, dict, int]]:
    """(segment reader, {local docnum: score}, docnum offset) of every segment."""
    if not fastpaths.BLOCK_SCORING:
        raise Unsupported("switched off")
    weighting = searcher.weighting
    if type(weighting) is not BM25F:
        raise Unsupported("not BM25F")
    context = searcher.context(needs_current=False)
    out = []
    for sub, offset in searcher.leaf_searchers():
        segment = _Segment(sub, searcher, weighting, context)
        out.append((segment.reader, segment.evaluate(q), offset))
    return out


def grouped_documents(searcher, q, group_of: Mapping[str, str], by_date: bool) -> tuple[list[tuple[int, float]], int]:
    """Every match (global docnum, score), each group's matches side by side, and the number
    of groups.

    A document's group is group_of[its id] (a document whose id group_of lacks is a group
    of its own). Matches are ranked by score (ties: the lower document number first, as
    Whoosh breaks them) or, by_date, newest first (undated last); a group stands where its
    best-ranked match stands, its matches in rank order after it.
    """
    schema = searcher.schema
    ranked: list[tuple[float, int, str, float]] = []
    for reader, scores, offset in _evaluate_segments(searcher, q):
        ids = article_ids(reader)
        dates = _column_of(reader, schema, "date") if by_date else None
        for doc, score in scores.items():
            aid = ids[doc]
            group = group_of.get(aid, aid) if aid is not None else f"#{offset + doc}"
            # Sorted ascending: the best score, or the latest day, first.
            ranked.append((-float(dates[doc]) if dates is not None else -score, offset + doc, group, score))
    ranked.sort()
    members: dict[str, list[tuple[int, float]]] = {}
    for _, doc, group, score in ranked:
        found = members.get(group)
        if found is None:
            members[group] = [(doc, score)]
        else:
            found.append((doc, score))
    return [pair for pairs in members.values() for pair in pairs], len(members)


def article_ids(reader) -> list[str | None]:
    """Each local document's id, read off the unique "id" field's terms (None where no
    live document has one); kept per segment reader."""
    cache = _LENGTHS.setdefault(reader, {})
    ids = cache.get("ids")
    if ids is None:
        ids = [None] * reader.doc_count_all()
        deleted = reader.deleted_docs_set if reader.has_deletions() else ()
        for text, info in reader.iter_field("id"):
            aid = text.decode("utf-8") if isinstance(text, bytes) else text
            # Two documents of one id in a segment: an article replaced, the old one deleted.
            docs = [info.min_id()] if info.doc_frequency() == 1 else list(reader.postings("id", text).all_ids())
            for doc in docs:
                if doc not in deleted and 0 <= doc < len(ids):
                    ids[doc] = aid
        cache["ids"] = ids
    return ids


def _column_of(reader, schema, field: str) -> array:
    """A segment's numeric column of the field (one value per document; 0: none)."""
    cache = _LENGTHS.setdefault(reader, {})
    key = ("column", field)
    values = cache.get(key)
    if values is None:
        n = reader.doc_count_all()
        try:
            raw = internals.column_bytes(reader, field, schema[field].column_type, n, 8)
        except AttributeError as exc:
            raise Unsupported("columns") from exc
        values = array("Q")
        values.frombytes(raw)
        if sys.byteorder == "little":
            values.byteswap()  # stored big-endian
        values.extend([0] * (n - len(values)))
        cache[key] = values
    return values


class _Segment:
    """Scores query nodes over one segment: {local docnum: score}."""

    def __init__(self, sub, top, weighting, context) -> None:
        self.sub = sub
        self.reader = sub.reader()
        self.top = top
        self.weighting = weighting
        self.context = context
        self.schema = top.schema
        deleted = self.reader.deleted_docs_set if self.reader.has_deletions() else None
        self.deleted = deleted or None

    def evaluate(self, node) -> dict:
        kind = type(node)
        if kind in (wq.Or, wq.And) and len(node.subqueries) <= 1:
            # Whoosh uses a lone subquery's matcher as it is (the parent's boost unused).
            return self.evaluate(node.subqueries[0]) if node.subqueries else {}
        if kind is wq.Term and self._scorable(node.fieldname):
            scores = self._term(node.fieldname, node.text)
        elif kind is wq.Or and not node.scale and not node.minmatch:
            scores = self._union(node.subqueries)
        elif kind is wq.And and not any(isinstance(s, wq.Not) for s in node.subqueries):
            scores = self._intersection(node.subqueries)
        elif (
            kind is wq.Phrase
            and node.slop == 1
            and self._scorable(node.fieldname)
            and self.schema[node.fieldname].format.supports("positions")
        ):
            scores = self._phrase(node.fieldname, node.words)
        elif kind is wq.NumericRange and node.constantscore and self._dated(node.fieldname):
            scores = self._numeric_range(node)
        elif node is wq.NullQuery or kind is wq.NullQuery.__class__:
            return {}
        else:
            fastpaths.took("whoosh matcher")
            return self._by_whoosh(node)
        boost = node.boost
        if boost != 1.0 and scores:
            scores = {doc: s * boost for doc, s in scores.items()}
        return scores

    # -- compound nodes ----------------------------------------------------------------

    def _union(self, subs) -> dict:
        if len(subs) == 1:
            return self.evaluate(subs[0])
        parts = sorted((self.evaluate(s) for s in subs), key=len, reverse=True)
        acc = parts[0]  # every part is a new dict: the largest takes in the others
        get = acc.get
        for part in parts[1:]:
            for doc, score in part.items():
                prev = get(doc)
                acc[doc] = score if prev is None else prev + score
        return acc

    def _intersection(self, subs) -> dict:
        if len(subs) == 1:
            return self.evaluate(subs[0])
        parts = sorted((self.evaluate(s) for s in subs), key=len)
        acc = parts[0]
        for part in parts[1:]:
            if not acc:
                break
            acc = {doc: score + part[doc] for doc, score in acc.items() if doc in part}
        return acc

    # -- leaves ------------------------------------------------------------------------

    def _scorable(self, field: str) -> bool:
        return field in self.schema and self.schema[field].scorable

    def _postings(self, field: str, text, values: bool = False):
        """(ids, weights, values or None) of one term in this segment, deleted docs left out."""
        reader = self.reader
        btext = self.schema[field].to_bytes(text) if not isinstance(text, bytes) else text
        if (field, btext) not in reader:
            return (), (), ()
        m = reader.postings(field, btext)
        blocks = internals.block_matcher(m)  # without the deletion filter: see below
        if blocks is None:
            # Small terms are stored inline in the term info (a list matcher). Read those
            # one posting at a time.
            ids, weights, vals = [], [], []
            while m.is_active():
                ids.append(m.id())
                weights.append(m.weight())
                if values:
                    vals.append(m.value())
                m.next()
            return ids, weights, vals
        ids, weights, vals = internals.block_postings(blocks, values)
        if self.deleted:
            keep = [i for i, d in enumerate(ids) if d not in self.deleted]
            ids = [ids[i] for i in keep]
            weights = [weights[i] for i in keep]
            if values:
                vals = [vals[i] for i in keep]
        return ids, weights, vals

    def _norms(self, field: str) -> tuple[bytes, tuple[float, ...]]:
        """The segment's encoded field lengths and BM25F's K1 * length factor per encoding."""
        cache = _LENGTHS.setdefault(self.reader, {})
        lengths = cache.get(field)
        if lengths is None:
            lengths = cache[field] = self._length_bytes(field)
        w = self.weighting
        return lengths, _length_factors(w.K1, internals.field_b(w, field), self.top.avg_field_length(field) or 1)

    def _length_bytes(self, field: str) -> bytes:
        n = self.reader.doc_count_all()
        try:
            raw = internals.field_length_bytes(self.reader, field, n)
        except AttributeError as exc:  # a codec other than whoosh3
            raise Unsupported("field lengths") from exc
        if raw is None:
            return bytes(n)
        return raw + bytes(n - len(raw))

    def _term(self, field: str, text) -> dict:
        ids, weights, _ = self._postings(field, text)
        if not ids:
            return {}
        lengths, norms = self._norms(field)
        idf = self.top.idf(field, text if isinstance(text, str) else text.decode("utf-8"))
        k1p1 = self.weighting.K1 + 1
        return {doc: idf * ((tf * k1p1) / (tf + norms[lengths[doc]])) for doc, tf in zip(ids, weights, strict=True)}

    def _phrase(self, field: str, words) -> dict:
        """Words at consecutive positions; scored as Whoosh scores a phrase: its terms' sum."""
        if not words:
            return {}
        fmt = self.schema[field].format
        postings = []
        for word in words:
            ids, weights, vals = self._postings(field, word, values=True)
            if not ids:
                return {}
            postings.append((ids, weights, vals))
        # Candidate documents: those holding every word, the rarest word first.
        order = sorted(range(len(words)), key=lambda i: len(postings[i][0]))
        candidates = set(postings[order[0]][0])
        for i in order[1:]:
            candidates.intersection_update(postings[i][0])
            if not candidates:
                return {}
        per_word = []
        for ids, weights, vals in postings:
            per_word.append({doc: (tf, v) for doc, tf, v in zip(ids, weights, vals, strict=True) if doc in candidates})
        lengths, norms = self._norms(field)
        k1p1 = self.weighting.K1 + 1
        idfs = [self.top.idf(field, w if isinstance(w, str) else w.decode("utf-8")) for w in words]
        decode = _decode_positions if type(fmt) is Positions else fmt.decode_positions
        first, rest = per_word[0], list(enumerate(per_word[1:], 1))
        out = {}
        for doc in sorted(candidates):
            starts = set(decode(first[doc][1]))
            for k, postings_k in rest:
                starts.intersection_update([p - k for p in decode(postings_k[doc][1])])
                if not starts:
                    break
            if not starts:
                continue
            norm = norms[lengths[doc]]
            # The phrase's intersection matcher sums its terms' scores, left to right in a
            # balanced binary tree (make_binary_tree).
            scores = [
                idf * ((tf * k1p1) / (tf + norm)) for idf, tf in zip(idfs, (w[doc][0] for w in per_word), strict=True)
            ]
            out[doc] = scores[0] + scores[1] if len(scores) == 2 else _tree_sum(scores)
        return out

    def _dated(self, field: str) -> bool:
        """A DATETIME field with a numeric column whose default (0) marks "no value"."""
        f = self.schema[field] if field in self.schema else None  # noqa: SIM401 (no .get)
        return isinstance(f, DATETIME) and internals.numeric_column_shape(f.column_type) == ("Q", 0)

    def _column(self, field: str) -> array:
        return _column_of(self.reader, self.schema, field)

    def _numeric_range(self, node) -> dict:
        """A constant-score range over a date column: every dated document inside it."""
        lo = 1 if node.start is None else node.start + (1 if node.startexcl else 0)
        hi = (1 << 64) - 1 if node.end is None else node.end - (1 if node.endexcl else 0)
        lo = max(lo, 1)  # 0 is "no date"
        deleted = self.deleted or ()
        return {doc: 1.0 for doc, v in enumerate(self._column(node.fieldname)) if lo <= v <= hi and doc not in deleted}

    # -- anything else -----------------------------------------------------------------

    def _by_whoosh(self, node) -> dict:
        m = node.matcher(self.sub, self.context)
        out = {}
        while m.is_active():
            out[m.id()] = m.score()
            m.next()
        return out


@lru_cache(maxsize=64)
def _length_factors(K1: float, B: float, avgfl: float) -> tuple[float, ...]:
    """K1 * ((1 - B) + B * fl / avgfl) for each of the 256 encoded field lengths.

    Whoosh's bm25(): idf * ((tf * (K1 + 1)) / (tf + K1 * ((1 - B) + B * fl / avgfl))).
    """
    return tuple(K1 * ((1 - B) + B * byte_to_length(b) / avgfl) for b in range(256))


def _decode_positions(value: bytes) -> list[int]:
    """Positions.decode_positions(): a count, then the pickled gaps between positions."""
    return list(accumulate(loads(value[4:] if value[-1:] == b"." else value[4:] + b".")))


def _tree_sum(values: list[float]) -> float:
    """Sum in the shape of Whoosh's make_binary_tree: halves, left + right."""
    if len(values) == 1:
        return values[0]
    half = len(values) // 2
    return _tree_sum(values[:half]) + _tree_sum(values[half:])


__all__ = ["Unsupported", "count", "top_documents"]
