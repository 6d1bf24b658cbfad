"""Every console example in README.md and docs/ prints what it says it prints (see
tests/doc_examples.py for the rules, and `python -m tests.doc_examples` to rewrite them)."""

from __future__ import annotations

import pytest

from .doc_examples import DOCS, ROOT, matches, run_session, sessions

BLOCKS = [
    (path, block) for path in DOCS for block in sessions(path) if any(e.runnable for e in block)
]


@pytest.mark.parametrize(
    ("path", "block"),
    BLOCKS,
    ids=[f"{p.relative_to(ROOT)}:{b[0].line}" for p, b in BLOCKS],
)
def test_console_examples_print_what_they_say(path, block):
    for example, actual in run_session(block):
        where = f"{path.relative_to(ROOT)}:{example.line}: $ {example.command}"
        assert matches(example.expected, actual), f"{where}\n" + "\n".join(actual)


def test_the_matcher_takes_dots_for_any_lines():
    assert matches(["a", "...", "d"], ["a", "b", "c", "d"])
    assert matches(["a", "...", "d"], ["a", "d"])
    assert not matches(["a", "...", "d"], ["a", "b"])
    assert not matches(["a", "b"], ["a", "b", "c"])
