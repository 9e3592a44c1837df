"""Characters that text meant for one line must not hold.

A school's name, a postcode or a reference ends up in an email's subject, a page's heading and a CSV
export; a line break there breaks the email (its headers are lines) and the export. Control characters are
never meant in published text at all: they are bytes of a file gone wrong.
"""

import re
from dataclasses import dataclass

from fairinspect.core.errors import InvalidRequest

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


@dataclass(frozen=True)
class FreeText:
    """A kind of text people type into the service: how long it may be, and whether it must stay on one line.
    The limit is stated here once: models, forms, the API's description and the services all read it, and the
    services enforce it, so a page, the API and an import refuse alike and say why."""

    limit: int
    one_line: bool

    def clean(self, value: str | None, *, field: str, what: str, required: bool = True) -> str:
        """`value` without surrounding spaces, or InvalidRequest naming `field` and saying what is wrong with
        `what` ("the reason"): missing, too long, or holding what it must not."""
        value = (value or "").strip()
        if not value:
            if required:
                raise InvalidRequest(f"Enter {what}", field=field)
            return value
        forbidden = (NOT_ON_ONE_LINE if self.one_line else NOT_IN_TEXT).search(value)
        if forbidden:
            where = " on one line" if self.one_line else ""
            raise InvalidRequest(
                f"{_capitalised(what)} must be plain text{where}: it holds {describe(forbidden.group())}", field=field
            )
        if len(value) > self.limit:
            raise InvalidRequest(
                f"{_capitalised(what)} must be {self.limit:,} characters or fewer: it has {len(value):,}", field=field
            )
        return value


def _capitalised(words: str) -> str:
    return words[:1].upper() + words[1:]


# A reason or a decision given in words, a request's details: a paragraph or two.
REASON = FreeText(limit=2000, one_line=False)
# What something is, in a line people will read in a list (a standing offer, a conflict of interest).
LINE = FreeText(limit=300, one_line=True)
# A few words kept deliberately short (a pause's note has no room for names or health details; time away).
SHORT_NOTE = FreeText(limit=200, one_line=True)
# A report's prose: a narrative section of an inspection report, a letter to parents.
NARRATIVE = FreeText(limit=6000, one_line=False)
