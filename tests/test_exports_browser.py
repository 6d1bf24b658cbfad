"""The web exports checked by other people's code: every page and the front page by
html-validate, the Mermaid gantt by Mermaid itself, the TimelineJS JSON by TimelineJS, each
loaded from npm into Chromium with nothing fetched from the network."""

from __future__ import annotations

import json
import shutil
import subprocess
from typing import Any

import pendulum
import pytest

from events.resolve import resolve
from tracker.files.load import bundled_ids, load_timeline
from tracker.render.export import export
from tracker.site.publish import publish
from tracker.site.store import FeedStore

from .browser import JS, npm_packages, open_tab
from .helpers import FIXTURES, as_of_before_last_deadline, every_page, page_of

EMPTY = '<!doctype html><html lang="en"><head><title>check</title></head><body><div id="here"></div></body></html>'


def resolved(timeline_id: str):
    return resolve(load_timeline(timeline_id), as_of_before_last_deadline(timeline_id))


def test_every_page_and_the_front_page_are_valid_html(tmp_path):
    modules = npm_packages()
    for timeline_id in every_page():
        timeline, html = page_of(timeline_id)
        (tmp_path / f"{timeline.timeline.id}-page.html").write_text(html)
    publish(tmp_path / "site", FeedStore((), pendulum.date(2019, 1, 17)), "https://example.org/")
    ((fixture, as_of),) = FIXTURES.items()  # a front page with open dates, and its page
    publish(tmp_path / "open-site", FeedStore((fixture,), as_of), "https://example.org/")
    pages = sorted(str(p) for p in tmp_path.rglob("*.html"))
    assert len(pages) == len(every_page()) + len(bundled_ids()) + 1 + 2
    validator = modules / "html-validate" / "bin" / "html-validate.mjs"
    checked = subprocess.run(
        [
            shutil.which("node") or "node",
            str(validator),
            "--config",
            str(JS / "htmlvalidate.json"),
            "--formatter",
            "text",
            *pages,
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert (checked.returncode, checked.stdout, checked.stderr) == (0, "", "")


@pytest.fixture(scope="module")
def tab(browser):
    found = open_tab(browser, 1280, "light")
    yield found
    found.page.context.close()


def load(tab: Any, *scripts: str, styles: tuple[str, ...] = ()) -> None:
    tab.show(EMPTY)
    for style in styles:
        tab.page.add_style_tag(content=(npm_packages() / style).read_text(encoding="utf-8"))
    for script in scripts:
        tab.page.add_script_tag(content=(npm_packages() / script).read_text(encoding="utf-8"))


MERMAID = """async ([text, id]) => {
    mermaid.initialize({startOnLoad: false});
    await mermaid.parse(text);
    const {svg} = await mermaid.render(id, text);
    const here = document.getElementById("here");
    here.innerHTML = svg;
    const titles = [...here.querySelectorAll("text")].map((t) => t.textContent);
    return {tasks: here.querySelectorAll("rect.task").length, titles: titles.map((t) => t.trim())};
}"""


def test_mermaid_parses_and_draws_every_gantt(tab, artefacts):
    load(tab, "mermaid/dist/mermaid.min.js")
    for index, timeline_id in enumerate(every_page()):
        timeline = resolved(timeline_id)
        text = export("mermaid", [timeline], timeline.as_of).decode()
        assert text.startswith("```mermaid\ngantt\n") and text.endswith("\n```\n")
        gantt = text.removeprefix("```mermaid\n").removesuffix("```\n")
        drawn = tab.page.evaluate(MERMAID, [gantt, f"gantt{index}"])
        assert drawn["tasks"] == len(timeline) + 1, timeline_id  # and the as-of milestone
        assert f"As of {timeline.as_of}" in drawn["titles"], (timeline_id, drawn["titles"])
        tab.check_quiet()
    tab.page.screenshot(path=artefacts / "mermaid.png")


TIMELINEJS = """(data) => new Promise((resolve, reject) => {
    const timeline = new TL.Timeline("here", data, {language: "en", font: null});
    timeline.on("loaded", () => resolve({
        slides: document.querySelectorAll(".tl-slide").length,
        headlines: [...document.querySelectorAll(".tl-slide .tl-headline")].map((h) => h.textContent),
    }));
    setTimeout(() => reject(new Error("TimelineJS did not load")), 10000);
})"""


def test_timelinejs_loads_every_timeline_one_slide_per_event(tab, artefacts):
    js = "@knight-lab/timelinejs/dist"
    for timeline_id in every_page():
        load(tab, f"{js}/js/timeline.js", styles=(f"{js}/css/timeline.css",))
        tab.page.set_viewport_size({"width": 1280, "height": 900})
        timeline = resolved(timeline_id)
        data = json.loads(export("timelinejs", [timeline], timeline.as_of))
        shown = tab.page.evaluate(TIMELINEJS, data)
        assert shown["slides"] == len(timeline) + 1, timeline_id  # and the title slide
        titles = [
            e.event.title
            for _, e in sorted(((e.date.sort_key(), e) for e in timeline), key=lambda pair: pair[0])
        ]
        assert sorted(shown["headlines"][1:]) == sorted(titles), timeline_id
        tab.check_quiet()
    tab.page.screenshot(path=artefacts / "timelinejs.png")


HOSTILE_TITLES = [
    "Section 5 of the Act",
    "Title IX review",
    "Excludes weekends",
    "Click here to read",
    "Includes the annex",
    "dateFormat of the notice",
    "axisFormat",
    "todayMarker passed",
    "weekday Monday talks",
    "weekend Friday vote",
    "gantt chart published",
    "call (555) 0100",
    'href "x"',
    "accTitle: hidden",
    "accDescr: hidden",
    "%% a comment",
    "% of votes",
    "5% cut in dues",
    "2019-01-01 notice",
    "inclusiveEndDates",
    "topAxis",
    "tickInterval 1day",
]


def test_no_title_is_ever_read_by_mermaid_as_a_statement(tab, tmp_path):
    """Each title a Mermaid keyword or comment begins is still a task, titled as written."""
    events = "".join(
        f'[[event]]\nid = "e{n}"\ntitle = {json.dumps(title)}\ndate = 2019-01-{n + 1:02d}\n'
        for n, title in enumerate(HOSTILE_TITLES)
    )
    path = tmp_path / "hostile.toml"
    path.write_text(f'[timeline]\nid = "hostile"\ntitle = "Hostile"\n{events}')
    timeline = resolve(load_timeline(str(path)), pendulum.date(2019, 3, 1))
    gantt = export("mermaid", [timeline], timeline.as_of).decode()
    gantt = gantt.removeprefix("```mermaid\n").removesuffix("```\n")
    load(tab, "mermaid/dist/mermaid.min.js")
    drawn = tab.page.evaluate(MERMAID, [gantt, "hostile"])
    assert drawn["tasks"] == len(HOSTILE_TITLES) + 1
    shown = {title.replace("\u2060", "") for title in drawn["titles"]}
    assert [title for title in HOSTILE_TITLES if title.replace(":", " -") not in shown] == []
