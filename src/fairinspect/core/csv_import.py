"""Reading published CSV files the way every importer needs to.

Published files differ in small ways that must not matter: Windows-1252 or UTF-8 (with or without a
byte-order mark), a title row above the header, header names with doubled spaces, extra columns, columns
in any order. What must matter is reported precisely: a missing required column stops the import before
anything is written; a bad row is reported with its line number and reason.

An importer parses every row first (`CsvFile.records`), collecting `RowError`s, and writes only after
that, in one transaction; so by default one bad row means nothing is written, and with `skip_invalid`
the good rows are written and the bad ones listed.
"""

import csv
import hashlib
import io
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from tqdm import tqdm

HEADER_SEARCH_ROWS = 20
# Words published files use for "no value".
BLANKS = frozenset({"", "null", "n/a", "na", "not applicable", "not judged", "not recorded", "-"})


def normalise_header(name: str) -> str:
    """Header names compare with whitespace collapsed and case ignored ("Latest OEIF  safeguarding …")."""
    return " ".join(name.replace("\ufeff", "").split()).casefold()


class CsvImportError(Exception):
    """The file cannot be imported at all; nothing was written."""


class RowProblem(ValueError):
    """One row's value is wrong; the message says which column and why."""


@dataclass(frozen=True)
class RowError:
    line: int
    reason: str

    def __str__(self):
        return f"line {self.line}: {self.reason}"


@dataclass
class ImportSummary:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: list[RowError] = field(default_factory=list)

    def __str__(self):
        return (
            f"created {self.created}, updated {self.updated}, unchanged {self.unchanged}, "
            f"rejected {len(self.rejected)}"
        )

    def as_dict(self) -> dict[str, int]:
        return {
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "rejected": len(self.rejected),
        }


class RowsRejected(CsvImportError):
    """Some rows are bad and the import was all-or-nothing: nothing was written."""

    def __init__(self, errors: list[RowError]):
        self.errors = errors
        super().__init__(
            f"{len(errors)} row(s) rejected, so nothing was imported (use --skip-invalid to import the "
            "good rows and list the bad ones):\n" + "\n".join(f"  {error}" for error in errors)
        )


def decode(data: bytes, path: Path | str) -> str:
    """UTF-8 (a byte-order mark is dropped) when the bytes are valid UTF-8, else Windows-1252."""
    if data.startswith(b"\xef\xbb\xbf"):
        try:
            return data[3:].decode("utf-8")
        except UnicodeDecodeError as error:
            raise CsvImportError(f"{path}: starts with a UTF-8 byte-order mark but is not UTF-8 ({error})") from None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise CsvImportError(
            f"{path}: line {line} has a byte (0x{data[error.start]:02x}) that is neither UTF-8 nor Windows-1252"
        ) from None


@dataclass(frozen=True)
class Layout:
    """A header a file may have: the columns it must carry, and optional ones read when present."""

    name: str
    required: tuple[str, ...]
    optional: tuple[str, ...] = ()


class CsvFile:
    """A published CSV file, decoded, with its header row found and its columns indexed by name."""

    def __init__(self, path: Path | str, layouts: Iterable[Layout]):
        self.path = Path(path)
        try:
            data = self.path.read_bytes()
        except OSError as error:
            raise CsvImportError(f"{path}: cannot be read ({error.strerror})") from None
        self.sha256 = hashlib.sha256(data).hexdigest()
        text = decode(data, path)
        del data
        self.line_count = text.count("\n") + (0 if text.endswith("\n") else 1)
        self._reader = csv.reader(io.StringIO(text, newline=""), strict=True)
        self.layout, self.header_line, header = self._find_header(list(layouts))
        self._columns = {}
        for index, name in enumerate(header):
            self._columns.setdefault(normalise_header(name), index)
        self.width = len(header)

    def _find_header(self, layouts: list[Layout]) -> tuple[Layout, int, list[str]]:
        best: tuple[int, Layout, list[str], int] | None = None
        for _ in range(HEADER_SEARCH_ROWS):
            try:
                row = next(self._reader)
            except StopIteration:
                break
            except csv.Error as error:
                raise CsvImportError(f"{self.path}: line {self._reader.line_num}: {error}") from None
            present = {normalise_header(cell) for cell in row}
            for layout in layouts:
                found = sum(normalise_header(name) in present for name in layout.required)
                if found == len(layout.required):
                    return layout, self._reader.line_num, row
                if best is None or found > best[0]:
                    best = (found, layout, row, self._reader.line_num)
        if best is None or best[0] == 0:
            expected = " or ".join(f"{layout.name} ({', '.join(layout.required[:3])}, …)" for layout in layouts)
            raise CsvImportError(f"{self.path}: no header row found in the first {HEADER_SEARCH_ROWS} lines; expected {expected}")
        _, layout, row, line = best
        present = {normalise_header(cell) for cell in row}
        missing = [name for name in layout.required if normalise_header(name) not in present]
        raise CsvImportError(
            f"{self.path}: the header (line {line}) lacks required column(s): {', '.join(missing)}. "
            "Nothing was imported."
        )

    def has_column(self, name: str) -> bool:
        return normalise_header(name) in self._columns

    def getter(self, name: str) -> Callable[[list[str]], str]:
        """A fast accessor for one column's (stripped) cell; an absent optional column reads as blank."""
        index = self._columns.get(normalise_header(name))
        if index is None:
            if name in self.layout.required:
                raise KeyError(name)
            return lambda row: ""
        return lambda row: row[index].strip() if index < len(row) else ""

    def rows(self, progress: bool = True) -> Iterator[tuple[int, list[str]]]:
        """(line number, cells) for each data row after the header; blank lines are skipped."""
        bar = tqdm(
            total=max(self.line_count - self.header_line, 0),
            unit=" rows",
            desc=f"Reading {self.path.name}",
            disable=None if progress else True,
            mininterval=0.5,
        )
        counted = 0
        try:
            while True:
                try:
                    row = next(self._reader)
                except StopIteration:
                    return
                except csv.Error as error:
                    raise CsvImportError(f"{self.path}: line {self._reader.line_num}: {error}") from None
                counted += 1
                if counted == 2000:
                    bar.update(counted)
                    counted = 0
                if not row or (len(row) == 1 and not row[0].strip()):
                    continue
                yield self._reader.line_num, row
        finally:
            bar.update(counted)
            bar.close()

    def records(
        self, parse: Callable[[list[str]], Any], progress: bool = True
    ) -> tuple[list[tuple[int, Any]], list[RowError]]:
        """Every row parsed by `parse`; a `RowProblem` (or a wrong number of cells) becomes a `RowError`."""
        parsed: list[tuple[int, Any]] = []
        errors: list[RowError] = []
        for line, row in self.rows(progress):
            if len(row) != self.width:
                errors.append(RowError(line, f"has {len(row)} cells where the header has {self.width}"))
                continue
            try:
                parsed.append((line, parse(row)))
            except RowProblem as problem:
                errors.append(RowError(line, str(problem)))
        return parsed, errors


# Cell parsers: each returns None for a blank and raises RowProblem naming the column otherwise.


def blank(value: str) -> bool:
    return value.casefold() in BLANKS


def parse_int(value: str, column: str, *, required: bool = False) -> int | None:
    if blank(value):
        if required:
            raise RowProblem(f"{column} is blank")
        return None
    try:
        return int(value)
    except ValueError:
        raise RowProblem(f"{column} {value!r} is not a whole number") from None


def parse_decimal(value: str, column: str, *, suppressed: Iterable[str] = ()) -> Decimal | None:
    if blank(value) or value in suppressed:
        return None
    try:
        number = Decimal(value)
    except InvalidOperation:
        raise RowProblem(f"{column} {value!r} is not a number") from None
    if not number.is_finite():
        raise RowProblem(f"{column} {value!r} is not a number")
    return number


def parse_date(value: str, column: str, *, required: bool = False) -> date | None:
    """A DD-MM-YYYY or DD/MM/YYYY date (GIAS and the MI files use one each), or ISO YYYY-MM-DD."""
    if blank(value):
        if required:
            raise RowProblem(f"{column} is blank")
        return None
    parts = value.replace("/", "-").split(" ", 1)[0].split("-")
    try:
        if len(parts) != 3:
            raise ValueError
        if len(parts[0]) == 4:
            year, month, day = (int(part) for part in parts)
        else:
            day, month, year = (int(part) for part in parts)
        if year < 1800:
            raise ValueError
        return date(year, month, day)
    except ValueError:
        raise RowProblem(f"{column} {value!r} is not a real date (expected DD-MM-YYYY)") from None


def parse_choice(value: str, column: str, choices: Mapping[str, Any]) -> Any:
    """A value looked up (case and spacing ignored) in `choices`; blank gives None."""
    if blank(value):
        return None
    try:
        return choices[normalise_header(value)]
    except KeyError:
        raise RowProblem(f"{column} {value!r} is not one of the known values") from None
