"""Save the README's screenshots: start the server on a free loopback port, photograph a few
pages with headless Chromium (Debian's package, driven by Playwright), write PNGs to
docs/screenshots/.

    .venv/bin/python scripts/screenshots.py [--out docs/screenshots]

Each picture is one window (a viewport, not the whole page), so the files stay small and show
what a person sees first; pngquant, when installed, makes them a palette PNG. Needs the test
extra (Playwright) and /usr/bin/chromium (scripts/install-system-packages installs it);
scripts/screenshots installs both and pngquant, then runs this.
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"
# Without the background-networking flags Chromium keeps calling out to Google's services.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
START_SECONDS = 60


@dataclass(frozen=True)
class Shot:
    name: str  # the file's name, without .png
    path: str  # the page, relative to the server's root
    width: int
    height: int
    top: str | None = None  # a selector to scroll to the window's top, else the page's top


SHOTS = (
    Shot("home", "?lang=en", 1280, 800),
    Shot("model", "id/model/asml-twinscan-nxt-2000i?lang=en", 1280, 800),
    Shot(
        "licence-check",
        "licence-check?item=NXT:2000i&destination=CHN&date=2023-10-02&lang=en",
        1280,
        800,
    ),
    Shot(
        "timeline",
        "lists/nl-semiconductor-equipment/history?from=2024-09-06&to=2024-09-07&lang=en",
        1280,
        800,
    ),
    # A phone, in Dutch: the answer of the same check, scrolled to it.
    Shot(
        "phone-licence-check-nl",
        "licence-check?item=NXT:2000i&destination=CHN&date=2023-10-02&lang=nl",
        390,
        844,
        "section.verdict",
    ),
)


@contextmanager
def server() -> Iterator[str]:
    """Run `exportgraph serve` on 127.0.0.1, port 0 (the system picks a free one); yield its URL."""
    command = [sys.executable, "-m", "exportgraph", "serve", "--host", "127.0.0.1", "--port", "0"]
    process = subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, cwd=ROOT
    )
    assert process.stdout is not None
    found: list[str] = []
    output: list[str] = []
    started = threading.Event()

    def read() -> None:
        # Drains the whole output, so the server never blocks on a full pipe.
        for line in process.stdout:
            output.append(line)
            match = re.search(r"at (http://127\.0\.0\.1:\d+/)", line)
            if match and not found:
                found.append(match.group(1))
                started.set()
        started.set()

    threading.Thread(target=read, daemon=True).start()
    started.wait(timeout=START_SECONDS)
    try:
        if not found:
            raise SystemExit("the server did not start:\n" + "".join(output[-20:]))
        yield found[0]
    finally:
        process.terminate()
        process.wait(timeout=10)


def photograph(base: str, out: Path) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    written = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True
        )
        try:
            for shot in SHOTS:
                page = browser.new_page(viewport={"width": shot.width, "height": shot.height})
                response = page.goto(base + shot.path)
                if response is None or response.status != 200:
                    raise SystemExit(f"{shot.path}: {response.status if response else 'no answer'}")
                if shot.top:
                    page.locator(shot.top).first.evaluate("e => e.scrollIntoView()")
                target = out / f"{shot.name}.png"
                page.screenshot(path=str(target))  # the window only, not the whole page
                shrink(target)
                written.append(target)
                page.close()
        finally:
            browser.close()
    return written


def shrink(png: Path) -> None:
    """Quantise to a palette with pngquant when it is installed (a third of the size for text
    on flat colours); without it the PNG stays as Chromium wrote it."""
    if shutil.which("pngquant"):
        subprocess.run(
            [
                "pngquant",
                "--force",
                "--skip-if-larger",
                "--strip",
                "--quality",
                "70-95",
                "--output",
                str(png),
                str(png),
            ],
            check=False,  # 98/99: the quality floor or "larger" asks to keep the original
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    args = parser.parse_args()
    with server() as base:
        for path in photograph(base, args.out):
            print(
                f"{path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}"
                f"  {path.stat().st_size:,} bytes"
            )


if __name__ == "__main__":
    main()
