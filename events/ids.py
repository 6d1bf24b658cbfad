"""What an id looks like: timeline and event ids are slugs.

A module of its own, importing only `re`, so that finding a timeline by its id (which the quick
path of `tracker until` does before anything else) does not pull in the rule language.
"""

from __future__ import annotations

import re

SLUG = re.compile(r"^[a-z0-9][a-z0-9-]*$")
"""Lower-case letters, digits and hyphens, starting with a letter or digit.

>>> bool(SLUG.match("withdrawal-notice")), bool(SLUG.match("-notice"))
(True, False)
"""
