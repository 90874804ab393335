"""Decoding markup: a byte-order mark, else the charset the page or its server declares, else sniffing."""

from __future__ import annotations

import codecs
import re

from ..cleaning import decode_text

# Where a declaration is looked for: browsers read the first 1,024 bytes, saved pages
# often carry long scripts before it.
_PRESCAN = 16 * 1024
_META_CHARSET = re.compile(rb"""<meta\b[^>]*?\bcharset\s*=\s*["']?\s*([A-Za-z0-9_.:\-]+)""", re.IGNORECASE)
_XML_DECLARATION = re.compile(rb"""\A\s*<\?xml\b[^>]*?\bencoding\s*=\s*["']([A-Za-z0-9_.:\-]+)["']""", re.IGNORECASE)
_HTTP_CHARSET = re.compile(r"""charset\s*=\s*["']?\s*([A-Za-z0-9_.:\-]+)""", re.IGNORECASE)
# What browsers read for these labels (the WHATWG Encoding standard): pages labelled
# Latin-1 or ASCII are in practice Windows-1252, and a UTF-16 label inside a page that
# could be read as ASCII to find it cannot be true.
_LABEL_MEANS = {
    "iso-8859-1": "cp1252",
    "latin-1": "cp1252",
    "latin1": "cp1252",
    "ascii": "cp1252",
    "us-ascii": "cp1252",
    "utf-16": "utf-8",
    "utf-16le": "utf-8",
    "utf-16be": "utf-8",
    "utf-16-le": "utf-8",
    "utf-16-be": "utf-8",
    "x-user-defined": "cp1252",
}
_BOMS = (codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)


def codec_for(label: str) -> str | None:
    """Python's codec for a charset label, as browsers read it, or None if unknown."""
    label = label.strip().lower()
    label = _LABEL_MEANS.get(label, label)
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None


def declared_charset(data: bytes, content_type: str = "") -> str | None:
    """The codec a server's Content-Type, an XML declaration or a <meta> tag names."""
    if content_type:
        header = _HTTP_CHARSET.search(content_type)
        if header and (codec := codec_for(header.group(1))):
            return codec
    head = data[:_PRESCAN]
    for pattern in (_XML_DECLARATION, _META_CHARSET):
        found = pattern.search(head)
        if found and (codec := codec_for(found.group(1).decode("ascii", "replace"))):
            return codec
    return None


def decode_markup(data: bytes, content_type: str = "") -> tuple[str, str]:
    """(text, codec) of an HTML or XML document.

    A byte-order mark wins, then the declared charset (when the bytes read in it), then
    what decode_text makes of the bytes (UTF-8, UTF-16 without a mark, a sniffed charset,
    cp1252).
    """
    if data.startswith(_BOMS) or b"\x00" in data[:64]:
        return decode_text(data)
    codec = declared_charset(data, content_type)
    if codec is not None:
        try:
            return data.decode(codec), codec
        except UnicodeDecodeError:
            pass
    return decode_text(data)
