"""An edit costs time linear in the file: what an edit changed is carried over event by event,
so no line-by-line diff ever runs over the whole file (one did, quadratic in its repeated
lines: 30 s to `add` to 10,000 events, and `import --update` of 1,000 events took 110 s)."""

from __future__ import annotations

import difflib

import pytest

from tracker.editing import toml
from tracker.editing.toml import NewEvent, add_event, add_revision

SIZE = 2_000


def timeline(size: int) -> str:
    return '[timeline]\nid = "t"\ntitle = "T"\n' + "".join(
        f'\n[[event]]\nid = "e{n}"\ntitle = "Event {n}"\ndate = 2000-01-01\nkind = "deadline"\n'
        'sources = [{ title = "Source", url = "https://example.org/" } ]\n'
        for n in range(size)
    )


@pytest.fixture
def diffed(monkeypatch) -> list[int]:
    """The number of lines of each sequence any diff is run on."""
    sizes: list[int] = []
    real = difflib.SequenceMatcher

    def counting(*args, **kwargs):
        matcher = real(*args, **kwargs)
        sizes.append(max(len(matcher.a), len(matcher.b)))
        return matcher

    monkeypatch.setattr(difflib, "SequenceMatcher", counting)
    return sizes


def test_add_diffs_no_more_than_the_new_event(diffed):
    text = timeline(SIZE)
    edited = add_event(text, NewEvent("added", title="Added", date="2001-01-01"))
    assert edited.startswith(text)
    assert edited[len(text) :] == '\n[[event]]\nid = "added"\ntitle = "Added"\ndate = 2001-01-01\n'
    assert max(diffed, default=0) < 20


def test_a_revision_diffs_no_more_than_its_event(diffed):
    text = timeline(SIZE)
    edited = add_revision(text, f"e{SIZE // 2}", {"on": None, "reason": "Moved"})
    assert edited.count("[[event.revision]]") == 1
    assert "} ]\n" in edited and edited.count("} ]\n") == SIZE  # the original spacing, kept
    assert max(diffed, default=0) < 20


def test_every_untouched_line_keeps_the_spacing_tomlkit_would_lose():
    text = timeline(50)
    anchor = '\n\n[[event]]\nid = "e11"'
    edited = add_revision(text, "e10", {"reason": "Moved"})
    assert edited == text.replace(anchor, '\n[[event.revision]]\nreason = "Moved"' + anchor, 1)
    assert toml.carry_over(text, text, text) == text
