"""Text hygiene for untrusted article text: decoding and control-character removal."""

from __future__ import annotations

import re

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
# C0 controls except tab and newline, DEL, and C1 controls.
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def strip_controls(text: str) -> str:
    """Remove terminal escape sequences and control characters, normalising newlines."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _ANSI.sub("", text)
    return _CONTROLS.sub("", text)


_CONTROL_BYTES = bytes(b for b in range(0x20) if b not in (9, 10, 12, 13))


def looks_binary(data: bytes) -> bool:
    """True when bytes are evidently not text (NUL bytes, or mostly non-printing bytes)."""
    if not data:
        return False
    sample = data[:8192]
    if b"\x00" in sample:
        return True
    controls = len(sample) - len(sample.translate(None, _CONTROL_BYTES))
    return controls / len(sample) > 0.15


def decode_text(data: bytes) -> tuple[str, str]:
    """Decode bytes as UTF-8, falling back to cp1252 then latin-1; return (text, encoding)."""
    try:
        return data.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252"), "cp1252"
    except UnicodeDecodeError:
        return data.decode("latin-1"), "latin-1"


_WS = re.compile(r"[ \t\u00a0]+")


def squeeze_spaces(line: str) -> str:
    """Collapse runs of horizontal whitespace to one space and trim."""
    return _WS.sub(" ", line).strip()
