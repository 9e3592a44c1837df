"""Reading published CSV files the way every importer needs to.

Published files differ in small ways that must not matter: Windows-1252 or UTF-8 (with or without a
byte-order mark), a title row above the header, header names with doubled spaces, extra columns, columns
in any order. What must matter is reported precisely: a missing required column stops the import before
anything is written; a bad row is reported with its line number and reason.

An importer parses every row first (`CsvFile.records`, or `keyed_records` for rows with a key, which
also rejects a key repeated on several lines), collecting `RowError`s, and writes only after
that, in one transaction; so by default one bad row means nothing is written, and with `skip_invalid`
the good rows are written and the bad ones listed.
"""

import csv
import hashlib
import io
from collections import defaultdict
from collections.abc import Callable, Hashable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from operator import itemgetter
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


Column = str | tuple[str, ...]
"""A column's name, or the names it goes by in different files (any one of them will do)."""


def column_names(column: Column) -> tuple[str, ...]:
    return (column,) if isinstance(column, str) else column


def column_label(column: Column) -> str:
    return " or ".join(column_names(column))


@dataclass(frozen=True)
class Layout:
    """A header a file may have: the columns it must carry, and optional ones read when present."""

    name: str
    required: tuple[Column, ...]
    optional: tuple[Column, ...] = ()


def _is_present(column: Column, normalised_header: set[str]) -> bool:
    return any(normalise_header(name) in normalised_header for name in column_names(column))


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
                found = sum(_is_present(column, present) for column in layout.required)
                if found == len(layout.required):
                    return layout, self._reader.line_num, row
                if best is None or found > best[0]:
                    best = (found, layout, row, self._reader.line_num)
        if best is None or best[0] == 0:
            expected = " or ".join(
                f"{layout.name} ({', '.join(map(column_label, layout.required[:3]))}, …)" for layout in layouts
            )
            raise CsvImportError(f"{self.path}: no header row found in the first {HEADER_SEARCH_ROWS} lines; expected {expected}")
        _, layout, row, line = best
        present = {normalise_header(cell) for cell in row}
        missing = [column_label(column) for column in layout.required if not _is_present(column, present)]
        raise CsvImportError(
            f"{self.path}: the header (line {line}) lacks required column(s): {', '.join(missing)}. "
            "Nothing was imported."
        )

    def name_in_file(self, column: Column) -> str | None:
        """Which of the column's names this file uses (None when it has none of them)."""
        return next((name for name in column_names(column) if normalise_header(name) in self._columns), None)

    def has_column(self, column: Column) -> bool:
        return self.name_in_file(column) is not None

    def getter(self, column: Column) -> Callable[[list[str]], str]:
        """A fast accessor for one column's (stripped) cell; an absent optional column reads as blank."""
        name = self.name_in_file(column)
        if name is None:
            if column in self.layout.required:
                raise KeyError(column_label(column))
            return lambda row: ""
        index = self._columns[normalise_header(name)]
        return lambda row: row[index].strip() if index < len(row) else ""

    def cells(self, columns: Sequence[Column]) -> Callable[[list[str]], list[str]]:
        """A fast accessor for several required columns at once: their stripped cells, in the order given.

        For a parser that reads most of a row: one lookup per row instead of one call per column.
        """
        missing = [column_label(column) for column in columns if not self.has_column(column)]
        if missing:
            raise KeyError(", ".join(missing))
        pick = itemgetter(*(self._columns[normalise_header(self.name_in_file(column))] for column in columns))
        if len(columns) == 1:
            return lambda row: [pick(row).strip()]
        return lambda row: [cell.strip() for cell in pick(row)]

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

    def keyed_records(
        self,
        parse: Callable[[list[str]], tuple[Hashable, Any]],
        describe_key: Callable[[Any], str],
        progress: bool = True,
    ) -> tuple[dict[Hashable, Any], list[RowError]]:
        """Every row parsed by `parse` into (key, record), by key, with the errors in line order.

        A key found on more than one line is an error on each of those lines: nothing says which is right.
        """
        parsed, errors = self.records(parse, progress)
        records: dict[Hashable, Any] = {}
        first_lines: dict[Hashable, int] = {}
        repeated: dict[Hashable, list[int]] = defaultdict(list)
        for line, (key, record) in parsed:
            if key in first_lines:
                repeated[key].append(line)
            else:
                first_lines[key] = line
                records[key] = record
        for key, later_lines in repeated.items():
            del records[key]
            lines = [first_lines[key], *later_lines]
            where = ", ".join(map(str, lines))
            errors.extend(RowError(line, f"{describe_key(key)} is on more than one line ({where})") for line in lines)
        errors.sort(key=lambda error: error.line)
        return records, errors


# Cell parsers: each returns None for a blank and raises RowProblem naming the column otherwise.


def memoised(parse: Callable[[str], Any]) -> Callable[[str], Any]:
    """`parse`, remembering what each distinct cell gave: published files repeat the same codes, dates and
    numbers on thousands of rows. A cell that raises is not remembered, so every bad row is reported."""
    results: dict[str, Any] = {}

    def parse_once(value: str) -> Any:
        try:
            return results[value]
        except KeyError:
            result = results[value] = parse(value)
            return result

    return parse_once


def blank(value: str) -> bool:
    return value.casefold() in BLANKS


def parse_int(
    value: str, column: str, *, required: bool = False, minimum: int | None = None, maximum: int | None = None
) -> int | None:
    if value.isascii() and value.isdigit():  # most cells: checked first, as imports call this millions of times
        number = int(value)
    elif blank(value):
        if required:
            raise RowProblem(f"{column} is blank")
        return None
    else:
        try:
            number = int(value)
        except ValueError:
            raise RowProblem(f"{column} {value!r} is not a whole number") from None
    if minimum is not None and number < minimum:
        raise RowProblem(f"{column} {number} is less than {minimum}")
    if maximum is not None and number > maximum:
        raise RowProblem(f"{column} {number} is more than {maximum}")
    return number


def parse_text(value: str, column: str, *, max_length: int | None = None, required: bool = False) -> str:
    """A cell kept as published; only an empty cell is blank (a name may well read "NA")."""
    if required and not value:
        raise RowProblem(f"{column} is blank")
    if max_length is not None and len(value) > max_length:
        raise RowProblem(f"{column} is {len(value)} characters long; at most {max_length} fit")
    return value


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
        expected = "DD/MM/YYYY" if "/" in value else "DD-MM-YYYY"
        raise RowProblem(f"{column} {value!r} is not a real date (expected {expected})") from None


def parse_choice(value: str, column: str, choices: Mapping[str, Any]) -> Any:
    """A value looked up (case and spacing ignored) in `choices`; blank gives None."""
    if blank(value):
        return None
    try:
        return choices[normalise_header(value)]
    except KeyError:
        raise RowProblem(f"{column} {value!r} is not one of the known values") from None
