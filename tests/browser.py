"""Chromium for the page tests: Debian's browser driven by playwright (never `playwright install`,
which downloads a browser of its own), and the npm packages the pages are checked with.

One browser per session and one tab per screen size and colour scheme, reused for every page:
starting Chromium costs more than checking a page. A missing browser fails the run, it never
skips: a check that silently vanishes is worse than none.
"""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

JS = Path(__file__).parent / "js"
MODULES = JS / "node_modules"
PACKAGES = ("ical.js", "axe-core", "html-validate", "mermaid", "@knight-lab/timelinejs")
CHROMIUM = ("chromium", "chromium-browser", "google-chrome")
# 1280 and 375 px (a phone), each in light and dark: the sizes and schemes every page is read in
MODES = tuple((width, scheme) for width in (1280, 375) for scheme in ("light", "dark"))


def npm_packages() -> Path:
    """tests/js/node_modules with every locked package, installed by `npm ci` when one is
    missing; a failed install fails the run."""
    if not all((MODULES / name).is_dir() for name in PACKAGES):
        install = subprocess.run(
            [shutil.which("npm") or "npm", "ci", "--prefix", str(JS)],
            capture_output=True,
            text=True,
            check=False,
        )
        if install.returncode != 0:
            pytest.fail(f"npm ci --prefix {JS} failed:\n{install.stderr}")
    return MODULES


def chromium_path() -> str:
    for name in CHROMIUM:
        if found := shutil.which(name):
            return found
    pytest.fail("no chromium on PATH: the page tests need it (apt-get install chromium)")


@dataclass
class Tab:
    """One tab at one size and scheme, recording what a page must never do: ask the network for
    anything, or log an error."""

    page: Any
    width: int
    scheme: str
    script: str | None = None
    requests: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def show(self, html: str) -> None:
        """Put `html` in the tab, then the tab's script (inline, so no request) if the
        document does not have it yet."""
        self.requests.clear()
        self.errors.clear()
        self.page.set_content(html, wait_until="load")
        if self.script is not None:
            self.page.add_script_tag(content=self.script)

    def check_quiet(self) -> None:
        assert self.requests == [], f"{self.width} {self.scheme}: requests {self.requests}"
        assert self.errors == [], f"{self.width} {self.scheme}: errors {self.errors}"


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    executable = chromium_path()
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=executable, args=["--no-sandbox", "--disable-gpu"]
        )
        yield launched
        launched.close()


def open_tab(browser: Any, width: int, scheme: str, script: str | None = None) -> Tab:
    context = browser.new_context(
        viewport={"width": width, "height": 900}, color_scheme=scheme, device_scale_factor=1
    )
    page = context.new_page()
    tab = Tab(page, width, scheme, script)

    def refuse(route: Any) -> None:
        tab.requests.append(route.request.url)
        route.abort()

    page.route("**/*", refuse)
    page.on("console", lambda m: tab.errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: tab.errors.append(str(e)))
    return tab


@pytest.fixture(scope="session")
def tabs(browser: Any) -> dict[tuple[int, str], Tab]:
    """A tab per mode, with axe-core loaded into every document it shows."""
    axe = (npm_packages() / "axe-core" / "axe.min.js").read_text(encoding="utf-8")
    return {(width, scheme): open_tab(browser, width, scheme, axe) for width, scheme in MODES}


_FOLDERS: list[Path] = []


@pytest.fixture(scope="session")
def artefacts(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Where screenshots go; the folder is printed at the end of the run."""
    folder = tmp_path_factory.mktemp("screenshots")
    _FOLDERS.append(folder)
    return folder


def pytest_terminal_summary(terminalreporter: Any) -> None:
    """A hook (conftest imports it): where the screenshots of this run are."""
    for folder in _FOLDERS:
        terminalreporter.write_line(f"page screenshots: {folder}")
