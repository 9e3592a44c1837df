"""Characters that text meant for one line must not hold.

A school's name, a postcode or a reference ends up in an email's subject, a page's heading and a CSV
export; a line break there breaks the email (its headers are lines) and the export. Control characters are
never meant in published text at all: they are bytes of a file gone wrong.
"""

import re

# The C0 and C1 control characters and DEL, but for tab and the two ASCII line breaks, which prose may hold.
_CONTROLS_BUT_TAB_AND_LINE_BREAKS = r"\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f"
# Everything a value on one line must not hold: every control character, and the Unicode line and paragraph
# separators (which email headers also take as line breaks).
NOT_ON_ONE_LINE = re.compile(rf"[{_CONTROLS_BUT_TAB_AND_LINE_BREAKS}\t\n\r\u2028\u2029]")
# What no text may hold, prose included.
NOT_IN_TEXT = re.compile(rf"[{_CONTROLS_BUT_TAB_AND_LINE_BREAKS}]")
_RUNS_NOT_ON_ONE_LINE = re.compile(f"{NOT_ON_ONE_LINE.pattern}+")
_NAMES = {
    "\t": "a tab",
    "\n": "a line break",
    "\r": "a line break",
    "\u2028": "a line separator (U+2028)",
    "\u2029": "a paragraph separator (U+2029)",
}


def describe(character: str) -> str:
    """A character `NOT_ON_ONE_LINE` matches, in words: "a line break", "a tab", "the control character U+001B"."""
    return _NAMES.get(character) or f"the control character U+{ord(character):04X}"


def one_line(text: str) -> str:
    """`text` with each run of line breaks and control characters folded into one space."""
    return _RUNS_NOT_ON_ONE_LINE.sub(" ", text)
