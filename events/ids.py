"""What an id looks like: timeline and event ids are slugs of at most 200 characters.

A module of its own, importing only `re`, so that finding a timeline by its id (which the quick
path of `tracker until` does before anything else) does not pull in the rule language.

A timeline id becomes a file name (`ID.toml`, and `.ID.toml.tmp-PID-XXXXXXXX` while it is
written), and file systems allow 255 bytes: 200 leaves room for the rest, so every id that
passes this rule can be written.
"""

from __future__ import annotations

import re

MAX_ID_LENGTH = 200
SLUG = re.compile(rf"^[a-z0-9][a-z0-9-]{{0,{MAX_ID_LENGTH - 1}}}\Z")
"""Lower-case letters, digits and hyphens, starting with a letter or digit, at most 200 of them.

>>> bool(SLUG.match("withdrawal-notice")), bool(SLUG.match("-notice")), bool(SLUG.match("a" * 201))
(True, False, False)
"""


def id_problem(value: str) -> str | None:
    """Why `value` is not an id (to follow "'VALUE' is not an id: "), or None when it is one.

    >>> id_problem("ottawa"), id_problem("Ottawa")
    (None, 'use lower-case letters, digits and hyphens')
    >>> id_problem("a" * 201)
    'at most 200 characters (this one has 201)'
    """
    if SLUG.match(value):
        return None
    if len(value) > MAX_ID_LENGTH and SLUG.match(value[:MAX_ID_LENGTH]):
        return f"at most {MAX_ID_LENGTH} characters (this one has {len(value)})"
    return "use lower-case letters, digits and hyphens"


def shown_id(value: str) -> str:
    """`value` quoted for a message, cut short when it is too long to be read in one line.

    >>> shown_id("x" * 300)
    "'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx…' (300 characters)"
    """
    if len(value) <= 60:
        return repr(value)
    return f"{value[:40] + '…'!r} ({len(value)} characters)"
