"""Line cleaning: spaces squeezed and captions told from body text, by their definitions."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from search.cleaning import _ANSI, _CONTROLS, squeeze_spaces, strip_controls
from search.formats.article import _CAPTION_START, _CREDIT, is_caption

# The definitions the fast forms must keep: every run of horizontal space becomes one space,
# and a short paragraph is a caption when it opens like one or holds a credit anywhere
# (the module's own patterns, searched without the shortcut that skips most paragraphs).
_ANY_RUN = re.compile(r"[ \t\u00a0]+")

_LINE_PIECES = st.lists(
    st.sampled_from(
        [
            " ",
            "  ",
            "\t",
            "\u00a0",
            " \t ",
            "word",
            "Reuters",
            "REUTERS/Jason Lee",
            "Picture:",
            "Photo :",
            "(Photo by Ana Ruiz)",
            "/",
            ":",
            "(",
            ")",
            "File Photo",
            "\n",
            "é",
            "X",
        ]
    ),
    max_size=14,
).map("".join)


@given(st.one_of(_LINE_PIECES, st.text(max_size=60)))
@settings(max_examples=300, deadline=None)
def test_squeeze_spaces_is_one_space_per_run(line):
    assert squeeze_spaces(line) == _ANY_RUN.sub(" ", line).strip()


_CONTROL_PIECES = st.lists(
    st.sampled_from(["\x1b[31m", "\x1b]0;title\x07", "\x1bPq\x1b\\", "\x1b", "\x9b2J", "\x9b", "[0m", "\r\n",
                     "\r", "\x07", "\x00", "\x85", "word", " ", "\n", "\u00e9"]),
    max_size=16,
).map("".join)  # fmt: skip


@given(st.one_of(_CONTROL_PIECES, st.text(max_size=60)))
@settings(max_examples=300, deadline=None)
def test_strip_controls_is_its_definition(text):
    # The escape sequences are looked for only where an escape character is.
    joined = text.replace("\r\n", "\n").replace("\r", "\n")
    assert strip_controls(text) == _CONTROLS.sub("", _ANSI.sub("", joined))


@given(st.one_of(_LINE_PIECES, st.text(max_size=60)))
@settings(max_examples=300, deadline=None)
def test_is_caption_matches_its_definition(paragraph):
    expected = len(paragraph) <= 500 and bool(_CAPTION_START.match(paragraph) or _CREDIT.search(paragraph))
    assert is_caption(paragraph) == expected


@pytest.mark.parametrize(
    "paragraph, caption",
    [
        ("White House adviser Ana Ruiz. Picture: REUTERS/Kim Lo", True),
        ("Traders at the exchange. REUTERS/Brendan McDermid/File Photo", True),
        ("Protesters march (Photo by Tomas Berg/Agency)", True),
        ("FILE PHOTO: A container ship at the port", True),
        ("Prices rose 2 percent in the year to June, the bureau said.", False),
        ("The ratio was 3:1 against the plan, said the minister.", False),
        ("He called it a 24/7 operation.", False),
    ],
)
def test_captions_and_body_lines(paragraph, caption):
    assert is_caption(paragraph) is caption
