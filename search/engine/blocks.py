"""A field's pooled postings encoded as Whoosh 3's posting blocks and term infos, in one pass.

Whoosh writes a term through a dozen calls (start_term, a block buffer, add_block on a
term-info object, finish_postings, to_bytes, finish_term), each a Python frame, and a
segment holds a hundred thousand terms or more. write_terms() computes the same bytes
directly: per block the magic header (before a term's first block), the block length
(negated for the last), the pickled block info and the pickled block data; per term the
packed term info that points at them. Compiled with mypyc (see pyproject.toml).

Nothing here reads Whoosh's objects: the caller (internals.write_field_terms) hands over
the settings and the functions that write to the files, and tests compare the files with
the ones Whoosh's own per-term path writes, byte for byte.
"""

from __future__ import annotations

import pickle
import struct
import zlib
from array import array
from collections.abc import Callable
from itertools import chain
from operator import sub
from typing import Any

# W3TermInfo's layout: flags, total weight, document frequency, min and max length
# bytes, max weight, first and last document; then the postings' offset and length.
_TERM_INFO = struct.Struct("!BfIBBfII")
_LONG = struct.Struct("!q")
_INT = struct.Struct("!i")
_NO_ID = 0xFFFFFFFF
_PROTOCOL = pickle.HIGHEST_PROTOCOL
# The built-in sum, called as Python calls it: compiled code would otherwise add the
# floats of a block as integers.
_sum: Callable[[Any], Any] = sum


def write_terms(
    terms: dict[bytes, list[Any]],
    lengths: list[int],
    key_prefix: bytes,
    offset: int,
    block_limit: int,
    compression: int,
    fixed_value_size: int,
    magic: bytes,
    length_byte: Callable[[Any], int],
    write: Callable[[bytes], object],
    add_term: Callable[[bytes, bytes], object],
) -> int:
    """Write every term of a field, in byte order; the postings file's offset after them.

    terms maps a term to its postings, three slots each (document, weight, encoded value),
    in document order. lengths holds each document's length in the field (empty when the
    codec keeps none). offset is where the postings file stands now; write() appends to
    it. add_term(key, info) adds a term's row to the term table. fixed_value_size is the
    field format's (-1 for variable-size values). length_byte is Whoosh's length_to_byte.
    """
    step = 3 * block_limit
    for btext in sorted(terms):
        items = terms[btext]
        start = offset
        weight: Any = 0
        df = 0
        min_length: Any = None
        max_length: Any = 0
        max_weight: Any = 0
        first_id: Any = None
        last_id: Any = 0
        size = len(items)
        for at in range(0, size, step):
            block = items[at : at + step]
            docs = block[0::3]
            weights = block[1::3]
            ids = array("I", docs)
            block_weights = array("f", weights)
            block_max_weight = max(0, max(weights))
            block_min_length: Any = None
            block_max_length: Any = 0
            if lengths:
                held = [n for n in map(lengths.__getitem__, docs) if n]
                if held:
                    block_min_length = min(held)
                    block_max_length = max(held)
            if at == 0:
                write(magic)
                offset += len(magic)
            # The term's statistics, as W3TermInfo.add_block gathers them.
            weight += _sum(block_weights)
            df += len(ids)
            min_length = block_min_length if min_length is None else min(min_length, block_min_length)
            max_length = max(max_length, block_max_length)
            max_weight = max(max_weight, block_max_weight)
            if first_id is None:
                first_id = ids[0]
            last_id = ids[-1]
            lengths_bytes = (length_byte(block_min_length), length_byte(block_max_length))
            data = _block_bytes(
                block, ids, block_weights, block_max_weight, lengths_bytes, compression, fixed_value_size
            )
            write(_INT.pack(-len(data) if at + step >= size else len(data)))
            write(data)
            offset += 4 + len(data)
        term_info = _TERM_INFO.pack(
            False,
            weight,
            df,
            0 if min_length is None else length_byte(min_length),
            length_byte(max_length),
            max_weight,
            _NO_ID if first_id is None else first_id,
            _NO_ID if last_id is None else last_id,
        )
        add_term(key_prefix + btext, term_info + _LONG.pack(start) + _INT.pack(offset - start))
    return offset


def _block_bytes(
    block: list[Any],
    ids: Any,
    block_weights: Any,
    block_max_weight: Any,
    lengths_bytes: tuple[int, int],
    compression: int,
    fixed_value_size: int,
) -> bytes:
    """One postings block as W3PostingsWriter writes it: its info, then its pickled
    (and perhaps compressed) document gaps, weights and values."""
    data = pickle.dumps(
        (
            tuple(map(sub, ids, chain((0,), ids))),
            mini_weights(block_weights),
            _mini_values([v for v in block[2::3] if v], fixed_value_size),
        ),
        _PROTOCOL,
    )
    if compression:
        data = zlib.compress(data, compression)
    info = pickle.dumps(
        (len(ids), ids[-1], block_max_weight, compression, lengths_bytes[0], lengths_bytes[1]),
        _PROTOCOL,
    )
    return info + data


def mini_weights(weights: Any) -> Any:
    """W3PostingsWriter's minified weights: None when all are 1, one number when all agree."""
    n = len(weights)
    if weights.count(1.0) == n:
        return None
    if weights.count(weights[0]) == n:
        return weights[0]
    return tuple(weights)


def _mini_values(values: list[Any], fixed_size: int) -> Any:
    """W3PostingsWriter's minified values: a tuple, nothing, or the fixed-size values joined."""
    if fixed_size < 0:
        return tuple(values)
    if fixed_size == 0:
        return None
    return b"".join(values)
