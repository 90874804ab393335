"""Regenerate screenshots/ from the real app: the SVGs, their PNGs, and the recorded session.

The PNGs and the session's GIF need rsvg-convert and the Fira Code font (Debian librsvg2-bin and
fonts-firacode); without them the SVGs are still written, and the script stops with what is missing.
The session needs tmux and the installed `tradetui` command.
"""

from __future__ import annotations

import asyncio
import os
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))


async def shoot() -> list[Path]:
    from tui.messages import EntitySelected
    from tui.testing import make_corpus, prebuilt_app, settle, type_text, wait_ready

    made: list[Path] = []
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        os.environ.update(
            TRADETUI_CACHE_DIR=str(root / "cache"),
            TRADETUI_DATA_DIR=str(root / "data"),
            TRADETUI_CONFIG_DIR=str(root / "config"),
        )
        corpus = make_corpus(root)
        scenes = [
            ("start", (140, 42), []),
            ("search", (140, 42), ["search:face-to-face meeting"]),
            ("entity", (140, 42), ["entity:person:larry-kudlow", "key:e"]),
            ("timeline", (140, 42), ["key:t", "key:down", "key:down", "key:enter"]),
            ("help", (120, 40), ["key:question_mark"]),
            ("small", (60, 20), []),
        ]
        for name, size, steps in scenes:
            app = prebuilt_app(corpus, root / "index")
            async with app.run_test(size=size) as pilot:
                screen = await wait_ready(pilot)
                for step in steps:
                    kind, _, arg = step.partition(":")
                    if kind == "search":
                        await pilot.press("slash")
                        await type_text(pilot, arg)
                        await pilot.press("enter")
                    elif kind == "entity":
                        screen.post_message(EntitySelected(arg))
                    else:
                        await pilot.press(arg)
                    await settle(pilot)
                path = HERE / f"{name}.svg"
                app.save_screenshot(filename=path.name, path=str(HERE))
                made.append(path)
    return made


def main() -> int:
    from screenshots.pictures import PictureError, check_renderer, render_png
    from screenshots.session import make_session
    from tui.testing import make_corpus

    made = asyncio.run(shoot())
    for svg in made:
        print(svg.relative_to(HERE.parent))
    try:
        # Checked before anything is drawn: no PNG is written that the machine would draw wrong.
        converter = check_renderer()
        for svg in made:
            png = svg.with_suffix(".png")
            render_png(svg, png, converter=converter)
            print(png.relative_to(HERE.parent))
        with tempfile.TemporaryDirectory() as tmp:
            for path in make_session(HERE, make_corpus(Path(tmp))):
                print(path.relative_to(HERE.parent))
    except (PictureError, TimeoutError) as err:
        print(f"make_screenshots: {err} (the SVGs are new; the pictures from here on are not)", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
