"""The only code that touches Whoosh's private names.

The fast paths (the grouped segment flush, block-at-a-time scoring, the posting codec)
read and write Whoosh's own structures below its public API. Every such access is a
named function here, and at import this module checks that the installed Whoosh is
the pinned version and still has each attribute these functions use, so an upgrade
fails at once, with a message, rather than quietly scoring or writing wrong.
"""

from __future__ import annotations

import io
import operator
import pickle
import warnings
import zlib
from array import array
from collections.abc import Callable
from itertools import accumulate, chain
from typing import Any

with warnings.catch_warnings():
    # Whoosh 2.7 carries regexes with invalid escapes; not ours to fix.
    warnings.simplefilter("ignore", SyntaxWarning)
    warnings.simplefilter("ignore", DeprecationWarning)
    import whoosh
    from whoosh import reading, scoring, writing
    from whoosh.codec import whoosh3
    from whoosh.columns import FixedBytesColumn, NumericColumn
    from whoosh.fields import DATETIME
    from whoosh.filedb.structfile import StructFile
    from whoosh.matching.wrappers import FilterMatcher
    from whoosh.system import pack_ushort
    from whoosh.util.numeric import length_to_byte

from . import blocks

# The Whoosh this code was written against (pyproject.toml pins whoosh-reloaded to it).
PINNED_WHOOSH = "2.7.5"


class WhooshMismatch(ImportError):
    """The installed Whoosh is not the one the engine's fast paths were written for."""


# (owner, attribute) pairs: methods and class attributes looked up on the class, and
# instance attributes that a method of the class must assign (read from its code).
_METHODS: tuple[tuple[object, str], ...] = (
    (whoosh3.W3LeafMatcher, "_read_data"),
    (whoosh3.W3LeafMatcher, "_read_ids"),
    (whoosh3.W3LeafMatcher, "_read_weights"),
    (whoosh3.W3LeafMatcher, "_read_values"),
    (whoosh3.W3LeafMatcher, "_next_block"),
    (whoosh3.W3PostingsWriter, "_write_block"),
    (whoosh3.W3PostingsWriter, "_new_block"),
    (whoosh3.W3PostingsWriter, "_mini_ids"),
    (whoosh3.W3PostingsWriter, "_mini_weights"),
    (whoosh3.W3PostingsWriter, "_mini_values"),
    (whoosh3, "WHOOSH3_HEADER_MAGIC"),
    (whoosh3, "LENGTHS_COLUMN"),
    (whoosh3.W3PerDocReader, "_cached_reader"),
    (whoosh3.W3PerDocReader, "has_column"),
    (writing.SegmentWriter, "_check_state"),
    (writing.SegmentWriter, "_flush_segment"),
    (writing.SegmentWriter, "per_document_reader"),
    (whoosh3.W3Codec, "length_stats"),
    (DATETIME, "_parse_datestring"),
)
_ASSIGNED = (
    (whoosh3.W3LeafMatcher._read_ids, ("_data", "_byteids", "_ids")),
    (whoosh3.W3LeafMatcher._read_weights, ("_weights",)),
    (whoosh3.W3LeafMatcher._read_values, ("_values",)),
    (whoosh3.W3PostingsWriter.__init__, ("_blocklimit", "_postfile", "_compression", "_blockcount", "_byteids")),
    (whoosh3.W3PostingsWriter.start_postings, ("_terminfo",)),
    (whoosh3.W3PostingsWriter._new_block, ("_ids", "_weights", "_values", "_minlength", "_maxlength", "_maxweight")),
    (whoosh3.W3FieldWriter.start_field, ("_postwriter", "_fieldid", "_format")),
    (whoosh3.W3FieldWriter.__init__, ("_tindex", "_postfile")),
    (whoosh3.W3PostingsWriter.finish_postings, ("_inlinelimit",)),
    (writing.SegmentWriter.__init__, ("pool", "fieldwriter", "perdocwriter", "docnum", "_added")),
    (reading.SegmentReader.__init__, ("_perdoc",)),
    (scoring.BM25F.__init__, ("_field_B",)),
    (FixedBytesColumn.Reader.__init__, ("_dbfile", "_basepos", "_count")),
    (NumericColumn.__init__, ("_typecode", "_default")),
)


def check_whoosh(version: str | None = None) -> None:
    """Raise WhooshMismatch unless Whoosh is the pinned version with every name used here."""
    found = whoosh.versionstring() if version is None else version
    if found != PINNED_WHOOSH:
        raise WhooshMismatch(
            f"tradetui needs whoosh-reloaded {PINNED_WHOOSH}, but {found} is installed; "
            f"reinstall with: pip install 'whoosh-reloaded=={PINNED_WHOOSH}'"
        )
    missing = [f"{_name(owner)}.{name}" for owner, name in _METHODS if not hasattr(owner, name)]
    for func, names in _ASSIGNED:
        code = getattr(func, "__code__", None)
        code_names = set(code.co_names) if code is not None else set()
        missing += [f"{func.__qualname__}: {name}" for name in names if name not in code_names]
    if missing:
        raise WhooshMismatch(f"Whoosh {found} lacks what the search engine reads: {', '.join(missing)}")


def _name(owner: object) -> str:
    return str(getattr(owner, "__qualname__", None) or getattr(owner, "__name__", repr(owner)))


check_whoosh()


# -- the posting codec -----------------------------------------------------------------
#
# Posting blocks are pickled. With Whoosh's protocol 2 every positions value (a bytes
# object) is written as a call to codecs.encode() that loading must replay, 128 times a
# block, which dominates reading a common word's postings; the newest protocol writes
# bytes as bytes. Any protocol loads the same way. Block ids are delta-coded; the
# running sum is itertools.accumulate's rather than a generator's.


class _PostingsWriter(whoosh3.W3PostingsWriter):
    def _write_block(self, last: bool = False) -> None:
        """W3PostingsWriter._write_block, pickling with the newest protocol."""
        if not self._blockcount:
            self._postfile.write(whoosh3.WHOOSH3_HEADER_MAGIC)
        self._terminfo.add_block(self)
        data = (self._delta_ids(), self._mini_weights(), self._mini_values())
        databytes = pickle.dumps(data, pickle.HIGHEST_PROTOCOL)
        comp = self._compression
        if comp:
            databytes = zlib.compress(databytes, comp)
        ids = self._ids
        info = (
            len(ids),
            ids[-1],
            self._maxweight,
            comp,
            length_to_byte(self._minlength),
            length_to_byte(self._maxlength),
        )
        infobytes = pickle.dumps(info, pickle.HIGHEST_PROTOCOL)
        blocklength = len(infobytes) + len(databytes)
        # The last block's length is stored negated.
        self._postfile.write_int(-blocklength if last else blocklength)
        self._postfile.write(infobytes)
        self._postfile.write(databytes)
        self._blockcount += 1

    # What Whoosh's _mini_ids and _mini_weights return, worked out in C rather than by
    # generators over every posting.

    def _delta_ids(self) -> tuple:
        ids = self._ids
        if self._byteids:
            return tuple(ids)
        return tuple(map(operator.sub, ids, chain((0,), ids)))

    def _mini_weights(self) -> Any:
        return blocks.mini_weights(self._weights)


class _LeafMatcher(whoosh3.W3LeafMatcher):
    def _read_ids(self) -> None:
        if self._data is None:
            self._read_data()
        ids = self._data[0]
        self._ids = ids if self._byteids else tuple(accumulate(ids))


class _PositionFile(StructFile):
    """A StructFile that keeps its own write position.

    A buffered file's tell() asks the operating system (a seek) every time, and writing a
    segment's terms asks several times a term. Every write through this object moves the
    position; the few writes that go to the file directly (pickles, arrays) and seeks read
    it back from the file.
    """

    def __init__(self, sf: Any) -> None:
        super().__init__(sf.file, name=sf._name, onclose=sf.onclose)
        self._pos = sf.file.tell()

    def write(self, data: Any) -> int:
        n = self.file.write(data)
        self._pos += n
        return n

    def tell(self) -> int:
        return self._pos

    def _reread(self) -> None:
        self._pos = self.file.tell()

    def seek(self, *args: Any) -> Any:
        result = self.file.seek(*args)
        self._reread()
        return result

    def truncate(self, *args: Any) -> Any:
        result = self.file.truncate(*args)
        self._reread()
        return result

    def write_pickle(self, obj: Any, protocol: int = -1) -> None:
        super().write_pickle(obj, protocol)
        self._reread()

    def write_array(self, arry: Any) -> None:
        super().write_array(arry)
        self._reread()


def _positioned(sf: Any) -> Any:
    """sf as a _PositionFile when it is a plain StructFile over a buffered file."""
    if type(sf) is StructFile and isinstance(getattr(sf, "file", None), io.BufferedWriter):
        return _PositionFile(sf)
    return sf


class PostingCodec(whoosh3.W3Codec):
    """Whoosh's W3 codec, writing posting blocks with the newest pickle protocol and
    decoding block ids in C; the files are Whoosh 3's format."""

    def field_writer(self, storage, segment):
        fw = super().field_writer(storage, segment)
        # The term files keep their own positions (see _PositionFile); nothing is written
        # through the old objects from here on.
        fw._postfile = _positioned(fw._postfile)
        fw._tindex.dbfile = _positioned(fw._tindex.dbfile)
        return fw

    def postings_writer(self, dbfile, byteids=False):
        return _PostingsWriter(
            dbfile,
            blocklimit=self._blocklimit,
            byteids=byteids,
            compression=self._compression,
            inlinelimit=self._inlinelimit,
        )

    def postings_reader(self, dbfile, terminfo, format_, term=None, scorer=None):
        if terminfo.is_inlined():
            return super().postings_reader(dbfile, terminfo, format_, term=term, scorer=scorer)
        offset, length = terminfo.extent()
        return _LeafMatcher(dbfile, offset, length, format_, term=term, scorer=scorer)


# Each segment pickles its codec into the index's table of contents: the name it is
# saved under is the facade's, which re-exports it, so this module can move freely.
PostingCodec.__module__ = "search.engine"


# -- reading postings a block at a time ------------------------------------------------


def block_matcher(m: Any) -> Any | None:
    """The on-disk block reader behind a term matcher (unwrapping the deletion filter),
    or None for postings stored inline in the term info."""
    if type(m) is FilterMatcher and isinstance(m.child, whoosh3.W3LeafMatcher):
        m = m.child
    return m if isinstance(m, whoosh3.W3LeafMatcher) else None


def block_postings(m: Any, values: bool) -> tuple[list[int], list[float], list]:
    """Every (ids, weights, values if asked) of a block reader, a block at a time."""
    ids: list[int] = []
    weights: list[float] = []
    vals: list = []
    while m.is_active():
        m._read_ids()
        m._read_weights()
        ids.extend(m._ids)
        weights.extend(m._weights)
        if values:
            m._read_values()
            vals.extend(m._values)
        m._next_block()
    return ids, weights, vals


def field_length_bytes(reader: Any, field: str, doc_count: int) -> bytes | None:
    """A segment's encoded length (one byte) per document for field; None without lengths.

    AttributeError when the segment is not written by the W3 codec.
    """
    col = reader._perdoc._cached_reader(f"_{field}_len", whoosh3.LENGTHS_COLUMN)
    if col is None:
        return None
    return bytes(col._dbfile.get(col._basepos, min(col._count, doc_count)))


def column_bytes(reader: Any, field: str, column: Any, doc_count: int, width: int) -> bytes:
    """The raw values of a fixed-width column of a segment (big-endian, width bytes each).

    A segment none of whose documents has a value for the field has no column file: its
    values are all the default, which the caller fills in (b"" here).
    """
    if not reader._perdoc.has_column(field):
        return b""
    col = reader._perdoc.column_reader(field, column)
    return bytes(col._dbfile.get(col._basepos, min(col._count, doc_count) * width))


def numeric_column_shape(column: Any) -> tuple[str, object] | None:
    """(struct typecode, default value) of a NumericColumn, else None."""
    return (column._typecode, column._default) if isinstance(column, NumericColumn) else None


def field_b(weighting: Any, field: str) -> float:
    """BM25F's B for one field (its per-field setting, else the overall B)."""
    return weighting._field_B.get(field, weighting.B)


# -- the segment writer ----------------------------------------------------------------


def segment_writer_parts(w: Any) -> bool:
    """Whether w is a plain SegmentWriter, with the pool and field writer replaced below."""
    return hasattr(w, "pool") and hasattr(w, "fieldwriter")


def writer_pool(w: Any) -> Any:
    """The posting pool of a SegmentWriter (Whoosh's, or the one replace_flush() gave it)."""
    return getattr(w, "pool", None)


def document_writer(w: Any) -> Any:
    """The per-document writer (stored fields, lengths, columns) of a SegmentWriter."""
    return w.perdocwriter


def term_writer(w: Any) -> Any:
    """The field writer (terms and postings) of a SegmentWriter."""
    return w.fieldwriter


def new_segment_lengths(w: Any) -> Any | None:
    """A reader of the field lengths of the segment being written, if the codec keeps them."""
    return w.per_document_reader() if w.codec.length_stats else None


def replace_flush(w: Any, pool: Any, flush: Callable[[], None]) -> None:
    """Give a SegmentWriter another posting pool and segment flush."""
    w.pool = pool
    w._flush_segment = flush


def begin_document(w: Any) -> int:
    """Check the writer is open, and the number of the document about to be added."""
    w._check_state()
    return w.docnum


def end_document(w: Any) -> None:
    """Count the document just added, as SegmentWriter.add_document does."""
    w._added = True
    w.docnum += 1


def posting_writer(field_writer: Any) -> Any:
    """The W3PostingsWriter a field writer fills for the current term."""
    return field_writer._postwriter


def block_limit(pw: Any) -> int:
    return pw._blocklimit


def fill_block(pw: Any, docs: list[int], weights: list[float], values: list, lengths: list | None) -> None:
    """Set a posting writer's current block as add_posting() would, one posting at a time."""
    pw._ids = array("I", docs)
    pw._weights = array("f", weights)
    pw._values = values
    pw._maxweight = max(0, max(weights))
    if lengths is not None:
        pw._minlength = min(lengths) if lengths else None
        pw._maxlength = max(lengths) if lengths else 0


def write_block(pw: Any) -> None:
    pw._write_block()


def write_field_terms(fw: Any, terms: dict[bytes, list], lengths: list[int]) -> bool:
    """Write the current field's terms (blocks.write_terms); whether this writer allowed it.

    The same bytes as start_term(), a filled block and finish_term() per term, for the
    posting writer PostingCodec makes: document numbers (not byte ids), nothing inlined
    into the term table (Whoosh 3 inlines a term only below inlinelimit postings, and a
    term has at least one).
    """
    pw = fw._postwriter
    if type(pw) is not _PostingsWriter or pw._byteids or pw._inlinelimit > 1 or pw._terminfo is not None:
        return False
    fixed = fw._format.fixed_value_size()
    postfile = pw._postfile
    blocks.write_terms(
        terms,
        lengths,
        pack_ushort(fw._fieldid),
        postfile.tell(),
        pw._blocklimit,
        pw._compression,
        -1 if fixed is None else fixed,
        whoosh3.WHOOSH3_HEADER_MAGIC,
        length_to_byte,
        postfile.write,
        fw._tindex.add,
    )
    return True


# -- date fields ---------------------------------------------------------------------


class DateTextHook:
    """Routes DATETIME's reading of date text (indexing a string, Whoosh's own query
    paths) to the field's parse_date_text()."""

    def parse_date_text(self, text: str):  # pragma: no cover - the subclass defines it
        raise NotImplementedError

    def _parse_datestring(self, qstring):
        return self.parse_date_text(qstring)
