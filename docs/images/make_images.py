"""Make the README's pictures: the INF page in Chromium, and `tracker chart` as a terminal shows it.

    python docs/images/make_images.py

Needs the test extras (playwright) and Debian's chromium. Both pictures are as of 2019-01-17, the
day of the news report the project started from, so they do not change with the day they are made.
"""

from __future__ import annotations

import html
import os
import shutil
import subprocess
import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

HERE = Path(__file__).parent
AS_OF = "2019-01-17"
TERMINAL = """<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>tracker chart</title>
<style>body {{ margin: 0; background: #1e1e1e; }}
pre {{ margin: 0; padding: 16px 20px; color: #e6e6e6; font: 14px/1.35 "DejaVu Sans Mono", monospace;
display: inline-block; }} b {{ color: #8ab4f8; font-weight: normal; }}</style></head>
<body><pre><b>$ tracker chart --as-of {as_of}</b>
{chart}</pre></body></html>"""


def main() -> None:
    tracker = [sys.executable, "-m", "tracker"]
    page = subprocess.run([*tracker, "export", "html", "-t", "inf", "--as-of", AS_OF,
                           "--base-url", "https://example.org/treaties/"],
                          capture_output=True, text=True, check=True).stdout  # fmt: skip
    env = {**os.environ, "COLUMNS": "100", "NO_COLOR": "1"}
    chart = subprocess.run([*tracker, "chart", "--as-of", AS_OF], capture_output=True, text=True,
                           check=True, env=env).stdout  # fmt: skip
    terminal = TERMINAL.format(as_of=AS_OF, chart=html.escape(chart.rstrip("\n")))
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=shutil.which("chromium"), args=["--no-sandbox"]
        )
        tab = browser.new_page(viewport={"width": 1280, "height": 1500})
        tab.set_content(page)
        tab.screenshot(path=HERE / "inf-page.png")
        tab.set_viewport_size({"width": 1000, "height": 600})
        tab.set_content(terminal)
        tab.locator("pre").screenshot(path=HERE / "chart.png")
        browser.close()


if __name__ == "__main__":
    main()
