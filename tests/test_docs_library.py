"""The examples of docs/library.md run as doctests: the library's documentation cannot drift."""

from __future__ import annotations

import doctest
from pathlib import Path

LIBRARY = Path(__file__).parent.parent / "docs" / "library.md"


def test_library_examples_run():
    result = doctest.testfile(
        str(LIBRARY), module_relative=False, optionflags=doctest.ELLIPSIS, verbose=False
    )
    assert result.attempted > 10
    assert result.failed == 0
