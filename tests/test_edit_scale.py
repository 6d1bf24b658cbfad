"""An edit costs time linear in the file: the lines an edit changed are found by a patience diff
that anchors on lines found once, never by comparing every repeated line with every other
(difflib did, and `add` to a 10,000-event timeline took half a minute). Measured here by the
work done, counted, not by a clock; bench/bench_edit.py has the seconds."""

from __future__ import annotations

import itertools

from hypothesis import given
from hypothesis import strategies as st

from tracker.editing.toml import add_revision, carry_over, matched_lines


class Counted(str):
    """A line that counts how often it is compared or hashed."""

    calls = 0

    def __eq__(self, other: object) -> bool:
        Counted.calls += 1
        return str.__eq__(self, other)

    def __hash__(self) -> int:
        Counted.calls += 1
        return str.__hash__(self)


def timeline_lines(events: int) -> list[str]:
    lines = ["[timeline]\n", 'id = "big"\n']
    for i in range(events):
        lines += ["\n", "[[event]]\n", f'id = "e{i}"\n', 'kind = "deadline"\n', 'tags = ["x"]\n']
    return lines


def work(before: list[str], after: list[str]) -> int:
    Counted.calls = 0
    matched_lines([Counted(line) for line in before], [Counted(line) for line in after])
    return Counted.calls


def test_the_work_of_an_edit_grows_linearly_with_the_file():
    measured = {}
    for events in (2_000, 20_000):
        before = timeline_lines(events)
        middle = len(before) // 2
        after = [*before[:middle], "[[event.revision]]\n", "on = 2020-01-01\n", *before[middle:]]
        after += ["\n", "[[event]]\n", 'id = "new"\n']  # and one added at the end
        measured[events] = work(before, after) / len(before)
    # per line, the same work at ten times the size (a quadratic diff does ten times more)
    assert measured[20_000] < 1.5 * measured[2_000]
    assert measured[20_000] < 20


def test_an_edit_keeps_every_line_it_did_not_change_as_the_original_wrote_it():
    original = 'a = [1 ]\nb = "x"\nc = 1987-12-08 }\n'
    unchanged = 'a = [1]\nb = "x"\nc = 1987-12-08}\n'
    edited = 'a = [1]\nb = "y"\nc = 1987-12-08}\nd = 2\n'
    assert carry_over(original, unchanged, edited) == 'a = [1 ]\nb = "y"\nc = 1987-12-08 }\nd = 2\n'


def test_an_added_revision_keeps_the_spacing_of_every_other_line_tomlkit_would_lose():
    """tomlkit writes `{ ... } ]` back as `{ ... }]`; only the lines the edit inserted are its."""
    text = '[timeline]\nid = "t"\ntitle = "T"\n' + "".join(
        f'\n[[event]]\nid = "e{n}"\ntitle = "Event {n}"\ndate = 2000-01-01\n'
        'sources = [{ title = "Source", url = "https://example.org/" } ]\n'
        for n in range(50)
    )
    anchor = '\n\n[[event]]\nid = "e11"'
    edited = add_revision(text, "e10", {"reason": "Moved"})
    assert edited == text.replace(anchor, '\n[[event.revision]]\nreason = "Moved"' + anchor, 1)


lines = st.lists(st.sampled_from(["a\n", "b\n", "[[event]]\n", "\n", 'kind = "x"\n']), max_size=30)


@given(lines, st.lists(st.tuples(st.integers(0, 40), st.sampled_from(["new\n", "a\n", "", "-"]))))
def test_matched_lines_pair_equal_lines_in_order_and_rebuild_the_edit(before, edits):
    after = list(before)
    for at, line in edits:
        at = min(at, len(after))
        if line == "-" and after:
            del after[min(at, len(after) - 1)]
        elif line:
            after.insert(at, line)
    pairs = matched_lines(before, after)
    assert all(before[i] == after[j] for i, j in pairs)
    assert all(i1 < i2 and j1 < j2 for (i1, j1), (i2, j2) in itertools.pairwise(pairs))
    text_before, text_after = "".join(before), "".join(after)
    assert carry_over(text_before, text_before, text_after) == text_after
