"""PNG pictures from the app's SVG screenshots, drawn so that every character sits in its own cell.

Rich's SVG export (which Textual's screenshots use) writes one `<text>` per run of equal style and
relies on two things a browser does: it keeps the run's leading and trailing no-break spaces, and
it stretches the run to `textLength`. librsvg does neither. It strips leading and trailing U+00A0
from a run when `xml:space` is the default (it counts them as white space), so the space after a
bold or underlined word vanishes and the next run's words are drawn one cell to the left, over it
("Kudlowsaid"). And it ignores `textLength`, so a run is as wide as the font's advances make it
(Fira Code's is 0.615 em, the export's cells 0.61 em), drifting by a tenth of a pixel a character.

The print copy made here fixes both, whatever the font: `xml:space="preserve"` on the root, and
each character of a run in a `<tspan>` at the x of its own cell (librsvg honours a tspan's x, not
a list of x on the text), each carrying the run's class (or librsvg draws no underline under it).
`blank_gap_problems` then checks the rendered PNG itself: wherever a styled run ends and the next
begins with a space, that space's cell must hold no ink. The fonts are checked too: the Fira Code
faces the export names, and a font for every character on the screen (else it prints as a box).
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from PIL import Image
from rich.cells import cell_len

SVG_NS = "http://www.w3.org/2000/svg"
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
# The monospace family Rich's SVG export names in its @font-face rules, and its two faces.
FONT_FAMILY = "Fira Code"
FONT_PACKAGE = "fonts-firacode"
RENDERER = "rsvg-convert"
RENDERER_PACKAGE = "librsvg2-bin"
SPACES = " \u00a0"
SYMBOL_PACKAGE = "fonts-symbola"
# Pixels per SVG unit: a 140-column screenshot comes out 1400 pixels wide, and smaller ones at the same size of type.
SCALE = 1400 / 1726


class PictureError(Exception):
    """The pictures cannot be drawn right on this machine; the message says what is needed."""


@dataclass(frozen=True)
class Run:
    """One `<text>` run of the terminal grid, in SVG user units (the group's offset applied)."""

    x: float
    baseline: float
    cell_width: float
    text: str

    @property
    def cells(self) -> int:
        return cell_len(self.text)

    @property
    def end(self) -> float:
        return self.x + self.cells * self.cell_width


def renderer() -> str:
    """The path of rsvg-convert, or PictureError naming the package that provides it."""
    found = shutil.which(RENDERER)
    if found is None:
        raise PictureError(f"PNG needs {RENDERER} (Debian package {RENDERER_PACKAGE}); it is not on PATH")
    return found


def check_fonts() -> None:
    """PictureError unless fontconfig resolves the export's family, regular and bold, to itself."""
    fc_match = shutil.which("fc-match")
    if fc_match is None:
        raise PictureError("PNG needs fontconfig's fc-match to find the fonts (Debian package fontconfig)")
    for pattern, style in ((f"{FONT_FAMILY}:weight=regular", "Regular"), (f"{FONT_FAMILY}:weight=bold", "Bold")):
        done = subprocess.run(
            [fc_match, "--format", "%{family}\t%{style}", pattern], capture_output=True, text=True, check=False
        )
        families, _, styles = done.stdout.partition("\t")
        if FONT_FAMILY not in families.split(",") or style not in styles.split(","):
            raise PictureError(
                f"PNG needs the {FONT_FAMILY} {style} face the SVG is laid out for (Debian package "
                f"{FONT_PACKAGE}); fontconfig offers {families or 'nothing'} {styles} instead"
            )


_covered: dict[str, bool] = {}


def uncovered_characters(svg: str) -> list[str]:
    """The characters of the grid that no installed font has a glyph for (they would print as boxes)."""
    fc_list = shutil.which("fc-list")
    if fc_list is None:
        raise PictureError("PNG needs fontconfig's fc-list to find the fonts (Debian package fontconfig)")
    wanted = {ch for run in runs(svg) for ch in run.text if ord(ch) > 0x7E and ch not in SPACES and cell_len(ch) > 0}
    for ch in sorted(wanted - _covered.keys()):
        done = subprocess.run([fc_list, f":charset={ord(ch):x}", "family"], capture_output=True, text=True, check=False)
        _covered[ch] = bool(done.stdout.strip())
    return sorted(ch for ch in wanted if not _covered[ch])


def check_renderer() -> str:
    """Everything the PNGs need, checked up front: the renderer's path, or PictureError."""
    found = renderer()
    check_fonts()
    return found


def _clusters(text: str) -> Iterator[str]:
    """The characters of a run, each with the zero-width marks that follow it."""
    cluster = ""
    for ch in text:
        if cluster and cell_len(ch) == 0:
            cluster += ch
            continue
        if cluster:
            yield cluster
        cluster = ch
    if cluster:
        yield cluster


def _number(value: float) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".")


def cell_positioned(svg: str) -> str:
    """A print copy of a Rich SVG export in which every character is placed at its own cell's x."""
    ET.register_namespace("", SVG_NS)
    root = ET.fromstring(svg)
    root.set(XML_SPACE, "preserve")
    for text in root.iter(f"{{{SVG_NS}}}text"):
        length, content = text.get("textLength"), text.text or ""
        if length is None or len(text) or cell_len(content) == 0:
            continue
        unit = float(length) / cell_len(content)
        x = float(text.get("x", "0"))
        del text.attrib["textLength"]
        text.text = None
        # librsvg draws a run's underline only under tspans that carry the style themselves.
        style = {"class": text.get("class", "")} if text.get("class") else {}
        offset = 0
        for cluster in _clusters(content):
            ET.SubElement(text, f"{{{SVG_NS}}}tspan", {"x": _number(x + offset * unit), **style}).text = cluster
            offset += cell_len(cluster)
    return ET.tostring(root, encoding="unicode")


def _translation(transform: str | None) -> tuple[float, float]:
    if not transform or not transform.startswith("translate("):
        return 0.0, 0.0
    dx, _, dy = transform[len("translate(") : -1].replace(",", " ").partition(" ")
    return float(dx), float(dy or 0)


def runs(svg: str) -> list[Run]:
    """The grid's text runs of a Rich SVG export (the window title left out), in reading order."""
    found: list[Run] = []

    def walk(node: ET.Element, dx: float, dy: float) -> None:
        tx, ty = _translation(node.get("transform"))
        dx, dy = dx + tx, dy + ty
        for child in node:
            if child.tag == f"{{{SVG_NS}}}text" and child.get("textLength") and child.text:
                cells = cell_len(child.text)
                if cells:
                    width = float(child.get("textLength", "0")) / cells
                    found.append(
                        Run(float(child.get("x", "0")) + dx, float(child.get("y", "0")) + dy, width, child.text)
                    )
            else:
                walk(child, dx, dy)

    walk(ET.fromstring(svg), 0.0, 0.0)
    return sorted(found, key=lambda r: (r.baseline, r.x))


def span_gaps(svg: str) -> list[tuple[Run, Run]]:
    """Each pair of touching runs on a line where the first ends in a character and the next begins with a space."""
    pairs: list[tuple[Run, Run]] = []
    previous: Run | None = None
    for run in runs(svg):
        if (
            previous is not None
            and previous.baseline == run.baseline
            and abs(previous.end - run.x) < 0.01
            and previous.text[-1] not in SPACES
            and run.text[0] in SPACES
            and len(run.text) > 1
            and run.text[1] not in SPACES
        ):
            pairs.append((previous, run))
        previous = run
    return pairs


def _view_width(svg: str) -> float:
    view_box = ET.fromstring(svg).get("viewBox", "")
    return float(view_box.split()[2])


def ink_spread(image: Image.Image, box: tuple[float, float, float, float]) -> int:
    """How far apart the darkest and lightest pixels of a box are (0 for a plain background)."""
    left, top, right, bottom = (round(v) for v in box)
    grey = image.convert("L").crop((left, top, max(right, left + 1), max(bottom, top + 1)))
    low, high = grey.getextrema()
    assert isinstance(low, int) and isinstance(high, int), "a grey image has one band of whole numbers"
    return high - low


def space_box(run: Run, scale: float, cell: int = 0) -> tuple[float, float, float, float]:
    """The middle of a cell of a run in image pixels: its middle half across, x-height to baseline."""
    font_size = run.cell_width / 0.61  # Rich's cell is 0.61 em wide
    left = run.x + (cell + 0.25) * run.cell_width
    right = run.x + (cell + 0.75) * run.cell_width
    top, bottom = run.baseline - 0.5 * font_size, run.baseline - 0.1 * font_size
    return left * scale, top * scale, right * scale, bottom * scale


def blank_gap_problems(svg: str, png: Path, threshold: int = 48) -> list[str]:
    """Every space after a styled run that the rendered PNG draws ink into, as 'after WORD: ...' lines."""
    image = Image.open(png)
    scale = image.width / _view_width(svg)
    problems = []
    for before, after in span_gaps(svg):
        spread = ink_spread(image, space_box(after, scale))
        if spread > threshold:
            word = before.text.replace("\u00a0", " ").split(" ")[-1]
            following = after.text.replace("\u00a0", " ").split()[0]
            problems.append(f"after {word!r}: the space before {following!r} has ink (spread {spread})")
    return problems


def render_png(
    svg_path: Path,
    png_path: Path,
    scale: float = SCALE,
    converter: str | None = None,
    print_copy: Callable[[str], str] = cell_positioned,
) -> None:
    """Draw an SVG screenshot as a PNG, or raise PictureError (and write nothing) if it would be wrong.

    `print_copy` turns the SVG into the one handed to the renderer; the check is made against the original.
    """
    converter = converter or check_renderer()
    svg = svg_path.read_text(encoding="utf-8")
    missing = uncovered_characters(svg)
    if missing:
        named = ", ".join(f"U+{ord(ch):04X} {ch}" for ch in missing[:5])
        raise PictureError(
            f"{svg_path.name} has characters no installed font draws ({named}); the symbols the app uses are"
            f" in Debian package {SYMBOL_PACKAGE}"
        )
    width = round(_view_width(svg) * scale)
    with tempfile.TemporaryDirectory() as tmp:
        printed, drawn = Path(tmp) / "print.svg", Path(tmp) / "drawn.png"
        printed.write_text(print_copy(svg), encoding="utf-8")
        done = subprocess.run(
            [converter, "--width", str(width), "--output", str(drawn), str(printed)],
            capture_output=True,
            text=True,
            check=False,
        )
        if done.returncode != 0 or not drawn.exists():
            raise PictureError(f"{RENDERER} failed on {svg_path.name}: {done.stderr.strip() or done.returncode}")
        problems = blank_gap_problems(svg, drawn)
        if problems:
            raise PictureError(f"{png_path.name} would run words together: " + "; ".join(problems[:3]))
        shutil.move(drawn, png_path)
