"""Text for a terminal: nothing in a timeline may rearrange or restyle what the reader sees.

Loading refuses control characters in a timeline's text, but Unicode's bidirectional formatting
characters are not controls: a title holding U+202E (right-to-left override) makes a terminal
print what follows it backwards, so `show` could display a date or a title other than the one
in the file (the "Trojan Source" trick). Terminal views show each such character as `<U+202E>`
instead, and any control character that reached them some other way too; the feed, JSON and
the other exports keep the text exactly as written, for programs that handle it themselves.
The escape character is kept: the views' own colours are made of it.
"""

from __future__ import annotations

import re

_HIDDEN = re.compile(
    "[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"  # bidi marks, embeddings, overrides, isolates
    "\x00-\x08\x0b-\x1a\x1c-\x1f\x7f-\x9f\u2028\u2029]"  # controls, but tab, newline and escape
)


def neutralised(text: str) -> str:
    """`text` with each bidirectional formatting or control character shown as its code point.

    >>> neutralised("abc\u202edef")
    'abc<U+202E>def'
    """
    return _HIDDEN.sub(lambda match: f"<U+{ord(match[0]):04X}>", text)
