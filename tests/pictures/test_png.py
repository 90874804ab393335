"""The PNG screenshots keep the gap after a styled word: measured in the rendered image itself."""

from __future__ import annotations

import os
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PIL import Image
from rich.text import Text
from textual.app import App, ComposeResult
from textual.widgets import Static

from screenshots.pictures import (
    SVG_NS,
    XML_SPACE,
    PictureError,
    Run,
    cell_positioned,
    check_renderer,
    ink_spread,
    render_png,
    runs,
    space_box,
)

# A bold, underlined name and the plain words after it, as the reader draws an official; then a
# long plain run ending in a letter, and a dim run that begins with a space.
LONG = "officials of both nations met for hours in Washington and in Beijing"
LINES = Text.assemble(
    ("Kudlow", "bold underline"), " said the talks went well\n", LONG, (" 5", "dim")
)  # fmt: skip
INK = 48  # the spread of grey levels that means a glyph is drawn there


@pytest.fixture
def converter() -> str:
    try:
        return check_renderer()
    except PictureError as err:
        if os.environ.get("CI"):
            pytest.fail(f"CI installs the renderer and fonts (.ci/run), yet: {err}")
        pytest.skip(str(err))


class Lines(App[None]):
    def compose(self) -> ComposeResult:
        yield Static(LINES)


async def _snapshot(tmp_path: Path) -> Path:
    app = Lines()
    async with app.run_test(size=(100, 3)) as pilot:
        await pilot.pause()
        svg = tmp_path / "lines.svg"
        svg.write_text(app.export_screenshot(), encoding="utf-8")
    return svg


def _run(svg: str, starts: str) -> Run:
    return next(r for r in runs(svg) if r.text.replace("\u00a0", " ").startswith(starts))


async def test_a_styled_word_and_the_next_keep_their_gap(tmp_path, converter):
    svg_path = await _snapshot(tmp_path)
    png = tmp_path / "lines.png"
    render_png(svg_path, png, converter=converter)
    svg = svg_path.read_text(encoding="utf-8")
    image = Image.open(png)
    scale = image.width / float(ET.fromstring(svg).get("viewBox", "").split()[2])

    said = _run(svg, " said")
    assert ink_spread(image, space_box(said, scale, cell=0)) <= INK, "the space after 'Kudlow' is drawn over"
    assert ink_spread(image, space_box(said, scale, cell=1)) > INK, "'said' is not drawn in its own cell"

    # 68 characters at the font's own advance would end half a cell late, over the next run's space.
    five = _run(svg, " 5")
    assert ink_spread(image, space_box(five, scale, cell=0)) <= INK, f"the end of {LONG!r} spills into the gap"
    assert ink_spread(image, space_box(five, scale, cell=1)) > INK, "'5' is not drawn in its own cell"


async def test_no_png_is_written_for_characters_no_font_draws(tmp_path, converter):
    svg_path = await _snapshot(tmp_path)
    svg_path.write_text(svg_path.read_text(encoding="utf-8").replace("Kudlow", "Kudl\U0010fffdw"), encoding="utf-8")
    png = tmp_path / "lines.png"
    with pytest.raises(PictureError, match="U\\+10FFFD"):
        render_png(svg_path, png, converter=converter)
    assert not png.exists()


async def test_the_print_copy_puts_each_character_at_its_cell(tmp_path):
    svg = (await _snapshot(tmp_path)).read_text(encoding="utf-8")
    said = _run(svg, " said")
    root = ET.fromstring(cell_positioned(svg))
    assert root.get(XML_SPACE) == "preserve", "librsvg would strip the run's leading no-break space"
    text = next(t for t in root.iter(f"{{{SVG_NS}}}text") if "".join(t.itertext()).startswith("\u00a0said"))
    assert "textLength" not in text.attrib
    spans = list(text)
    assert "".join(s.text or "" for s in spans) == said.text
    group_x = said.x - float(text.get("x", "0"))  # the grid's offset inside the window
    for n, span in enumerate(spans):
        assert span.get("class") == text.get("class"), "an underline is drawn only under spans with the style"
        assert float(span.get("x", "nan")) + group_x == pytest.approx(said.x + n * said.cell_width, abs=0.01)


async def test_no_png_is_written_when_a_word_is_drawn_over_the_gap(tmp_path, converter):
    svg_path = await _snapshot(tmp_path)
    assert svg_path.read_text(encoding="utf-8").count(">&#160;said&#160;") == 1

    def said_a_cell_early(svg: str) -> str:
        """The run after 'Kudlow' drawn from the space's cell, as librsvg drew it when it dropped that space."""
        return cell_positioned(svg.replace(">&#160;said&#160;", ">said&#160;&#160;"))

    png = tmp_path / "lines.png"
    with pytest.raises(PictureError, match="after 'Kudlow'"):
        render_png(svg_path, png, converter=converter, print_copy=said_a_cell_early)
    assert not png.exists()
