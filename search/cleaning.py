"""Text hygiene for untrusted article text: decoding and control-character removal."""

from __future__ import annotations

import codecs
import re
import unicodedata

# Whole escape sequences first (CSI, OSC, DCS/PM/APC strings, two-byte ESC forms),
# so that no parameter bytes are left behind as visible garbage.
_ANSI = re.compile(
    r"""
    \x1b\[[0-?]*[ -/]*[@-~]              # CSI ... final byte
    | \x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?  # OSC ... BEL or ST
    | \x1b[PX^_][^\x1b]*(?:\x1b\\)?       # DCS, SOS, PM, APC strings
    | \x1b[@-Z\\-_]                       # two-byte sequences
    | \x9b[0-?]*[ -/]*[@-~]               # 8-bit CSI
    """,
    re.VERBOSE,
)
# C0 controls except tab and newline, DEL, and C1 controls; also lone surrogates (JSON
# escapes such as "\ud800" make them), which no terminal or file encoding accepts.
_CONTROLS = re.compile(f"[\x00-\x08\x0b-\x1f\x7f-\x9f{chr(0xD800)}-{chr(0xDFFF)}]")


def strip_controls(text: str) -> str:
    """Remove terminal escape sequences, control characters and lone surrogates.

    Newlines are normalised to "\\n".
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if "\x1b" in text or "\x9b" in text:  # every escape sequence opens with one of these
        text = _ANSI.sub("", text)
    return _CONTROLS.sub("", text)


_CONTROL_BYTES = bytes(b for b in range(0x20) if b not in (9, 10, 12, 13))
_SAMPLE = 8192  # a multiple of 4, so a sample never splits a UTF-16 or UTF-32 code unit
# UTF-32 first: its little-endian mark begins with the UTF-16 one.
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# Formats that announce themselves in their first bytes and are never article text.
_BINARY_MAGIC = (
    b"%PDF-",
    b"\x89PNG\r\n\x1a\n",
    b"PK\x03\x04",
    b"PK\x05\x06",
    b"GIF87a",
    b"GIF89a",
    b"\xff\xd8\xff",
    b"\x1f\x8b",
    b"\x7fELF",
    b"7z\xbc\xaf\x27\x1c",
    b"Rar!\x1a\x07",
    b"\xfd7zXZ\x00",
    b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",
    b"SQLite format 3\x00",
)
# Decoded characters that text does not contain: controls (bar tab, newlines, form feed),
# lone surrogates, private-use and unassigned code points.
_NOT_TEXT_CATEGORIES = {"Cc", "Cs", "Co", "Cn"}
_TEXT_CONTROLS = set("\t\n\r\f")
# Share of such characters above which decoded wide text counts as binary: real text has
# next to none, while random bytes decode to about 15%.
_WIDE_LIMIT = 0.05
# What the encoding detector reads, and the letters outside ASCII it needs to judge by.
_SNIFF_SAMPLE = 64 * 1024
_MIN_SNIFFED_LETTERS = 4


def _bom(data: bytes) -> tuple[str, int] | None:
    """The encoding a byte-order mark at the start of data announces, and the mark's length."""
    for mark, codec in _BOMS:
        if data.startswith(mark):
            return codec, len(mark)
    return None


def _decoded_looks_binary(text: str) -> bool:
    if not text:
        return False
    bad = sum(
        1
        for ch in text
        if ch == "\ufffd" or (unicodedata.category(ch) in _NOT_TEXT_CATEGORIES and ch not in _TEXT_CONTROLS)
    )
    return bad / len(text) > _WIDE_LIMIT


def _unmarked_utf16(data: bytes) -> str | None:
    """The codec of UTF-16 text without a byte-order mark ("utf-16-le", "utf-16-be"), or None.

    Mostly-ASCII UTF-16 text has a NUL in nearly every other byte and almost none in the
    bytes between; other files with NUL bytes rarely show that pattern, and the guess is
    confirmed by decoding a sample.
    """
    if len(data) < 4 or len(data) % 2:
        return None
    sample = data[:_SAMPLE]
    pairs = len(sample) // 2
    even_nuls = sample[0::2].count(0)
    odd_nuls = sample[1::2].count(0)
    if odd_nuls >= 0.6 * pairs and even_nuls <= 0.05 * pairs:
        codec = "utf-16-le"
    elif even_nuls >= 0.6 * pairs and odd_nuls <= 0.05 * pairs:
        codec = "utf-16-be"
    else:
        return None
    if _decoded_looks_binary(sample.decode(codec, "replace")):
        return None
    return codec


def looks_binary(data: bytes) -> bool:
    """True when bytes are evidently not text.

    Text is UTF-8 or a single-byte encoding without NUL bytes and with few control bytes,
    or UTF-16/UTF-32 announced by a byte-order mark, or mostly-ASCII UTF-16 without one.
    """
    if not data:
        return False
    if data.startswith(_BINARY_MAGIC):
        return True
    bom = _bom(data)
    if bom is not None:
        codec, skip = bom
        if codec != "utf-8":
            decoded = data[skip : skip + _SAMPLE].decode(codec, "replace")
            return _decoded_looks_binary(decoded)
        data = data[skip:]
        if not data:
            return False
    sample = data[:_SAMPLE]
    if b"\x00" in sample:
        return _unmarked_utf16(data) is None
    controls = len(sample) - len(sample.translate(None, _CONTROL_BYTES))
    return controls / len(sample) > 0.15


def decode_text(data: bytes) -> tuple[str, str]:
    """Decode bytes to text; return (text, encoding).

    A byte-order mark decides the encoding (and is dropped); mostly-ASCII UTF-16 without a
    mark is recognised by its NUL bytes; anything else is read as UTF-8, else in the
    encoding a detector finds for text in a non-Latin script, else cp1252 then latin-1.
    Never raises: undecodable units become U+FFFD.
    """
    bom = _bom(data)
    if bom is not None:
        codec, skip = bom
        data = data[skip:]
        if codec != "utf-8":
            return data.decode(codec, "replace").lstrip("\ufeff"), codec
    elif b"\x00" in data[:_SAMPLE]:
        utf16 = _unmarked_utf16(data)
        if utf16 is not None:
            return data.decode(utf16, "replace").lstrip("\ufeff"), utf16
    try:
        return data.decode("utf-8").lstrip("\ufeff"), "utf-8"
    except UnicodeDecodeError:
        pass
    sniffed = sniff_non_latin(data)
    if sniffed is not None:
        return data.decode(sniffed, "replace"), sniffed
    try:
        return data.decode("cp1252"), "cp1252"
    except UnicodeDecodeError:
        return data.decode("latin-1"), "latin-1"


def sniff_non_latin(data: bytes) -> str | None:
    """The encoding of text in another script (Cyrillic, Greek, Chinese...) that is not UTF-8.

    A detector (charset-normalizer) guesses from the bytes. Its guess is taken only when
    the text it reads is mostly in a script other than Latin: between the single-byte
    Latin encodings it cannot choose reliably on short texts, and cp1252 is the one news
    exports use.
    """
    from charset_normalizer import from_bytes

    sample = data[:_SNIFF_SAMPLE]
    try:
        best = from_bytes(sample).best()
    except (LookupError, ValueError, RuntimeError):
        return None
    if best is None or not best.encoding:
        return None
    try:
        text = sample.decode(best.encoding, "replace")
    except LookupError:
        return None
    letters = [ch for ch in text if ord(ch) > 0x7F and ch.isalpha()]
    if len(letters) < _MIN_SNIFFED_LETTERS:
        return None
    latin = sum(1 for ch in letters if unicodedata.name(ch, "").startswith("LATIN"))
    if latin / len(letters) >= 0.5:
        return None
    return codecs.lookup(best.encoding).name


# Only what changes: runs of two or more, and a lone tab or no-break space (a lone space stays).
_WS = re.compile(r"[ \t\u00a0]{2,}|[\t\u00a0]")


def squeeze_spaces(line: str) -> str:
    """Collapse runs of horizontal whitespace to one space and trim."""
    if "  " not in line and "\t" not in line and "\u00a0" not in line:
        return line.strip()  # nothing to collapse: a substring test is cheaper than the scan
    return _WS.sub(" ", line).strip()
