"""Reading published CSV files the way every importer needs to.

Published files differ in small ways that must not matter: Windows-1252 or UTF-8 (with or without a
byte-order mark), a title row above the header, header names with doubled spaces, extra columns, columns
in any order. What must matter is reported precisely: a file that is not CSV text in one of those encodings
(UTF-16, say, or a spreadsheet saved as XLSX), a missing required column or a header with no rows under it
stops the import before anything is written; a bad row is reported with its line number and reason. A cell
an import reads is one line of text unless its layout says it holds prose (`Layout.multiline`), so a name,
code or address that will head an email or a page never carries a line break or a control character in.

An importer parses every row (`CsvFile.records`, or `keyed_records` for rows with a key, which also
rejects a key repeated on several lines), collecting `RowError`s, and writes in one transaction, either
once the file is read or while it is read (`core.bulk.Upsert`); by default one bad row means nothing is
written (the transaction is rolled back), and with `skip_invalid` the good rows are written and the bad
ones listed.
"""

import codecs
import csv
import hashlib
import io
import math
import re
from collections import defaultdict
from collections.abc import Callable, Hashable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from functools import cached_property
from operator import itemgetter
from pathlib import Path
from typing import Any, Literal, overload

from tqdm import tqdm

from fairinspect.core.formatting import count
from fairinspect.core.text import NOT_IN_TEXT, NOT_ON_ONE_LINE, describe

HEADER_SEARCH_ROWS = 20
# How much of a file is checked for UTF-8 at a time (see `encoding_of`).
UTF8_CHECK_BYTES = 1 << 20
# How much of the start of a file tells what kind of file it is (see `not_csv_text`).
SNIFF_BYTES = 4096
SAVE_AS_TEXT = "save it as UTF-8 or Windows-1252 (the encodings GIAS and the inspectorate publish in)"
SAVE_AS_CSV = (
    "if it is a spreadsheet (the inspectorate publishes its management information as XLSX as well as CSV), "
    "open it and save it as CSV"
)
# Byte-order marks of Unicode encodings no published file comes in; UTF-32's first, as UTF-32LE's begins
# with UTF-16LE's.
_OTHER_BYTE_ORDER_MARKS = (
    (codecs.BOM_UTF32_LE, "UTF-32"), (codecs.BOM_UTF32_BE, "UTF-32"),
    (codecs.BOM_UTF16_LE, "UTF-16"), (codecs.BOM_UTF16_BE, "UTF-16"),
)  # fmt: skip
# The same encodings without a byte-order mark, by where NUL bytes fall in each four bytes of text in Latin
# letters: "0" where nearly every byte is NUL, "x" where hardly any is.
_NUL_PATTERNS = (("UTF-32", "x000"), ("UTF-32", "000x"), ("UTF-16", "x0x0"), ("UTF-16", "0x0x"))
# Files of other kinds, by how they begin.
_OTHER_KINDS = (
    (b"PK\x03\x04", "a ZIP archive (as an Excel workbook, .xlsx, is)"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an Excel 97-2003 workbook (.xls)"),
    (b"%PDF-", "a PDF document"),
)
# Control bytes (besides tab and line breaks) that text has none of; more than this share of them at the start
# of a file make it binary data. A stray NUL in a cell is a problem of its row (see `CsvFile.checked_rows`).
_CONTROL_BYTES = bytes([*range(0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F])
_BINARY_SHARE = 0.05
# Bytes that are, or in UTF-8 begin, a character some cell may not hold (see `CsvFile.checked_rows`): the
# control bytes, tab, and UTF-8's first byte of the C1 control characters (0xC2) and of the Unicode line and
# paragraph separators (0xE2).
_ORDINARY_BYTES = bytes(sorted(set(range(256)) - set(_CONTROL_BYTES) - {0x09, 0xC2, 0xE2}))
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
            f"{count(len(errors), 'row')} rejected, so nothing was imported (use --skip-invalid to import the "
            "good rows and list the bad ones):\n" + "\n".join(f"  {error}" for error in errors)
        )


def not_csv_text(data: bytes) -> str | None:
    """Why `data` cannot be a CSV file in an encoding published files come in, or None when it may be one.

    Told from its start: a byte-order mark or the NUL bytes of UTF-16 and UTF-32 (which Excel's "Unicode
    text" and some editors save), the signature of a spreadsheet or a PDF, or the control bytes of any other
    binary data."""
    for mark, encoding in _OTHER_BYTE_ORDER_MARKS:
        if data.startswith(mark):
            return f"is encoded as {encoding}; {SAVE_AS_TEXT}"
    for signature, kind in _OTHER_KINDS:
        if data.startswith(signature):
            return f"is {kind}, not a CSV file: {SAVE_AS_CSV}"
    start = data[:SNIFF_BYTES]
    whole_fours = start[: len(start) // 4 * 4]
    if b"\x00" in whole_fours:
        nul_shares = [whole_fours[offset::4].count(0) / len(whole_fours[offset::4]) for offset in range(4)]
        for encoding, pattern in _NUL_PATTERNS:
            if all(share >= 0.5 if nul == "0" else share <= 0.1 for nul, share in zip(pattern, nul_shares)):
                return f"is encoded as {encoding}; {SAVE_AS_TEXT}"
    if len(start) - len(start.translate(None, _CONTROL_BYTES)) > _BINARY_SHARE * len(start):
        return f"is not a CSV file: it holds binary data, not text; {SAVE_AS_CSV}"
    return None


def encoding_of(data: bytes) -> str:
    """UTF-8 (dropping a byte-order mark) when the bytes are valid UTF-8, else Windows-1252.

    Only the choice is made here; the file is decoded as it is read, and a byte the chosen encoding cannot
    read stops the import there (see `CsvFile.rows`).
    """
    if data.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    # In pieces, so that a Windows-1252 file is told apart at its first accented letter rather than after
    # decoding the whole file.
    decoder = codecs.getincrementaldecoder("utf-8")()
    view = memoryview(data)
    try:
        for start in range(0, len(data), UTF8_CHECK_BYTES):
            decoder.decode(view[start : start + UTF8_CHECK_BYTES])
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return "cp1252"
    return "utf-8"


Column = str | tuple[str, ...]
"""A column's name, or the names it goes by in different files (any one of them will do)."""


def column_names(column: Column) -> tuple[str, ...]:
    return (column,) if isinstance(column, str) else column


def column_label(column: Column) -> str:
    return " or ".join(column_names(column))


@dataclass(frozen=True)
class Layout:
    """A header a file may have: the columns it must carry, and optional ones read when present (together, the
    columns an import reads)."""

    name: str
    required: tuple[Column, ...]
    optional: tuple[Column, ...] = ()
    # Those of its columns that hold prose, which may run over several lines; every other one is one line.
    multiline: tuple[Column, ...] = ()


def _is_present(column: Column, normalised_header: set[str]) -> bool:
    return any(normalise_header(name) in normalised_header for name in column_names(column))


class CsvFile:
    """A published CSV file, decoded, with its header row found and its columns indexed by name.

    The header is the first row (of the first few) that has every required column of one of `layouts`;
    `layouts` is then every one of them it fits, in the order given (several fit where files of different
    kinds, such as two frameworks' inspections, share their column names).
    """

    def __init__(self, path: Path | str, layouts: Iterable[Layout]):
        self.path = Path(path)
        try:
            self._data = self.path.read_bytes()
        except OSError as error:
            raise CsvImportError(f"{path}: cannot be read ({error.strerror})") from None
        self.sha256 = hashlib.sha256(self._data).hexdigest()
        if (problem := not_csv_text(self._data)) is not None:
            raise CsvImportError(f"{path}: {problem}")
        self._encoding = encoding_of(self._data)
        # Decoded line by line as the reader asks: decoding the whole file into one string costs as much
        # again, in copying it into the reader's buffer.
        text = io.TextIOWrapper(io.BytesIO(self._data), encoding=self._encoding, newline="")
        self._reader = csv.reader(text, strict=True)
        self.layouts, self.header_line, self._header = self._find_header(list(layouts))
        # Whether any cell may hold a character some cell must not (see `checked_rows`): looked for in the
        # whole file first, as nearly every file has none.
        self._may_hold_controls = bool(self._data.translate(None, _ORDINARY_BYTES))
        self._columns: dict[str, int] = {}
        for index, header in enumerate(self._header):
            self._columns.setdefault(normalise_header(header), index)
        self.width = len(self._header)
        # The index of each column the import reads, in the file's order, with the characters its cells must
        # not hold.
        read_columns: dict[int, re.Pattern] = {}
        for layout in self.layouts:
            for column in (*layout.required, *layout.optional):
                if (name := self.name_in_file(column)) is not None:
                    pattern = NOT_IN_TEXT if column in layout.multiline else NOT_ON_ONE_LINE
                    read_columns[self._columns[normalise_header(name)]] = pattern
        self._read_columns = dict(sorted(read_columns.items()))

    @cached_property
    def line_count(self) -> int:
        return self._data.count(b"\n") + (0 if self._data.endswith(b"\n") else 1)

    def _find_header(self, layouts: list[Layout]) -> tuple[list[Layout], int, list[str]]:
        best: tuple[int, Layout, list[str], int] | None = None
        for _ in range(HEADER_SEARCH_ROWS):
            row = self._next_row()
            if row is None:
                break
            present = {normalise_header(cell) for cell in row}
            fitting = []
            for layout in layouts:
                found = sum(_is_present(column, present) for column in layout.required)
                if found == len(layout.required):
                    fitting.append(layout)
                if best is None or found > best[0]:
                    best = (found, layout, row, self._reader.line_num)
            if fitting:
                return fitting, self._reader.line_num, row
        if best is None or best[0] == 0:
            expected = " or ".join(
                f"{layout.name} ({', '.join(map(column_label, layout.required[:3]))}, …)" for layout in layouts
            )
            raise CsvImportError(f"{self.path}: no header row found in the first {HEADER_SEARCH_ROWS} lines; expected {expected}")
        _, layout, row, line = best
        present = {normalise_header(cell) for cell in row}
        missing = [column_label(column) for column in layout.required if not _is_present(column, present)]
        raise CsvImportError(
            f"{self.path}: the header (line {line}) lacks the required {'column' if len(missing) == 1 else 'columns'} "
            f"{', '.join(missing)}. "
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
            if any(column in layout.required for layout in self.layouts):
                raise KeyError(column_label(column))
            return lambda row: ""
        index = self._columns[normalise_header(name)]
        return lambda row: row[index].strip() if index < len(row) else ""

    def cells(self, columns: Sequence[Column]) -> Callable[[list[str]], list[str]]:
        """A fast accessor for several required columns at once: their stripped cells, in the order given.

        For a parser that reads most of a row: one lookup per row instead of one call per column.
        """
        names = [self.name_in_file(column) for column in columns]
        present = [name for name in names if name is not None]
        if len(present) < len(columns):
            raise KeyError(", ".join(column_label(column) for column, name in zip(columns, names) if name is None))
        pick = itemgetter(*(self._columns[normalise_header(name)] for name in present))
        if len(columns) == 1:
            return lambda row: [pick(row).strip()]
        return lambda row: [cell.strip() for cell in pick(row)]

    def _next_row(self) -> list[str] | None:
        """The next row's cells; None at the end of the file."""
        try:
            return next(self._reader)
        except StopIteration:
            return None
        except csv.Error as error:
            raise CsvImportError(f"{self.path}: line {self._reader.line_num}: {error}") from None
        except UnicodeDecodeError:
            raise self._undecodable() from None

    def _undecodable(self) -> CsvImportError:
        """The error for the first byte of the file that its encoding cannot read, naming the byte's line.

        Found by decoding the file again, in one go, since the reader decodes a piece at a time and so knows
        only where in the piece it was."""
        windows_1252 = self._encoding == "cp1252"
        try:
            self._data.decode("cp1252" if windows_1252 else "utf-8")
        except UnicodeDecodeError as error:
            line, byte = self._data.count(b"\n", 0, error.start) + 1, self._data[error.start]
        if windows_1252:
            return CsvImportError(f"{self.path}: line {line} has a byte (0x{byte:02x}) that is neither UTF-8 nor Windows-1252")
        return CsvImportError(
            f"{self.path}: starts with a UTF-8 byte-order mark but is not UTF-8 (line {line} has the byte 0x{byte:02x})"
        )

    def rows(self, progress: bool = True) -> Iterator[tuple[int, list[str]]]:
        """(line number, cells) for each data row after the header, by the line the row starts on (a quoted
        cell may run over several); blank lines are skipped.

        A header with no rows under it is refused once the file is read: importing it would only record that
        nothing changed, when the file is most likely cut short, or an empty template."""
        bar = tqdm(
            total=max(self.line_count - self.header_line, 0) if progress else None,
            unit=" rows",
            desc=f"Reading {self.path.name}",
            disable=None if progress else True,
            mininterval=0.5,
        )
        counted = 0
        any_rows = False
        try:
            while True:
                line = self._reader.line_num + 1
                if (row := self._next_row()) is None:
                    break
                counted += 1
                if counted == 2000:
                    bar.update(counted)
                    counted = 0
                if not row or (len(row) == 1 and not row[0].strip()):
                    continue
                any_rows = True
                yield line, row
        finally:
            bar.update(counted)
            bar.close()
        if not any_rows:
            raise CsvImportError(f"{self.path}: has a header row but no rows of data: nothing was imported")

    def checked_rows(self, errors: list[RowError], progress: bool = True) -> Iterator[tuple[int, list[str]]]:
        """(line number, cells) for each row that can be parsed at all: one with as many cells as the header,
        and no character a cell must not hold (see `_character_problem`). Every other row is added to
        `errors` instead."""
        for line, row in self.rows(progress):
            if len(row) != self.width:
                errors.append(RowError(line, f"has {len(row)} cells where the header has {self.width}"))
            # Only a row that runs over several lines (the reader is still at its last one here), or that
            # `isprintable` doubts (as it does a non-breaking space), is looked at cell by cell.
            elif (
                self._reader.line_num != line or (self._may_hold_controls and not "".join(row).isprintable())
            ) and (problem := self._character_problem(row)):
                errors.append(RowError(line, problem))
            else:
                yield line, row

    def _character_problem(self, row: list[str]) -> str | None:
        """What is wrong with the characters of a row's cells, if anything: the NUL character in any cell
        (PostgreSQL cannot store it in text), a control character in a cell the import reads, or a line break
        or tab in one of those that is one line (every one but its layout's `multiline` columns)."""
        for name, cell in zip(self._header, row):
            if "\x00" in cell:
                return f"{' '.join(name.split())} holds the NUL character (byte 0), which text cannot hold"
        for index, pattern in self._read_columns.items():
            if found := pattern.search(row[index].strip()):
                name, character = " ".join(self._header[index].split()), found.group()
                if NOT_IN_TEXT.match(character):
                    return f"{name} holds {describe(character)}, which text cannot hold"
                return f"{name} holds {describe(character)} where one line of text is expected"
        return None

    def parsed_rows(
        self, parse: Callable[[list[str]], Any], errors: list[RowError], progress: bool = True
    ) -> Iterator[tuple[int, Any]]:
        """(line number, what `parse` made of the row) for each row, as the file is read. A `RowProblem`
        (or a row `checked_rows` refuses) is added to `errors` instead."""
        for line, row in self.checked_rows(errors, progress):
            try:
                parsed = parse(row)
            except RowProblem as problem:
                errors.append(RowError(line, str(problem)))
                continue
            yield line, parsed

    def records(
        self, parse: Callable[[list[str]], Any], progress: bool = True
    ) -> tuple[list[tuple[int, Any]], list[RowError]]:
        """Every row parsed by `parse`, and the errors of the rows it could not parse."""
        errors: list[RowError] = []
        return list(self.parsed_rows(parse, errors, progress)), errors

    def keyed_records[K: Hashable](
        self,
        key: Callable[[list[str]], K],
        parse: Callable[[list[str]], Any],
        describe_key: Callable[[K], str],
        progress: bool = True,
    ) -> "KeyedRecords[K]":
        """(key, record) for each row, by `key` and `parse`, as the file is read (see `KeyedRecords`)."""
        return KeyedRecords(self, key, parse, describe_key, progress)


class KeyedRecords[K: Hashable]:
    """(key, record) for each row of a file, handed on as the file is read so that an importer can write
    while it reads.

    A row's key is read first (`key`), then the rest of it (`parse`), so that a row whose key is readable
    counts towards its key even when the rest of it is wrong. A key found on more than one line is an error on
    each of those lines, since nothing says which is right; but whether a key comes again is only known at the
    end, so it is handed on from its first line (when that line is good), and is in `repeated` once the file
    has been read, for the importer to take back. `errors` is complete, in line order, once every record has
    been taken.
    """

    def __init__(
        self,
        csv_file: CsvFile,
        key: Callable[[list[str]], K],
        parse: Callable[[list[str]], Any],
        describe_key: Callable[[K], str],
        progress: bool,
    ):
        self._csv_file = csv_file
        self._key = key
        self._parse = parse
        self._describe_key = describe_key
        self._progress = progress
        self.errors: list[RowError] = []
        self.repeated: list[K] = []

    def __iter__(self) -> Iterator[tuple[K, Any]]:
        first_lines: dict[K, int] = {}
        later_lines: dict[K, list[int]] = defaultdict(list)
        not_handed_on: set[K] = set()  # keys whose first line is bad
        for line, row in self._csv_file.checked_rows(self.errors, self._progress):
            try:
                key = self._key(row)
            except RowProblem as problem:
                self.errors.append(RowError(line, str(problem)))
                continue
            try:
                record, good = self._parse(row), True
            except RowProblem as problem:
                self.errors.append(RowError(line, str(problem)))
                record, good = None, False
            if key in first_lines:
                later_lines[key].append(line)
                continue
            first_lines[key] = line
            if good:
                yield key, record
            else:
                not_handed_on.add(key)
        for key, lines in later_lines.items():
            lines = [first_lines[key], *lines]
            where = ", ".join(map(str, lines))
            description = f"{self._describe_key(key)} is on more than one line ({where})"
            self.errors.extend(RowError(line, description) for line in lines)
        self.errors.sort(key=lambda error: error.line)
        self.repeated = [key for key in later_lines if key not in not_handed_on]


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


@overload
def parse_int(
    value: str, column: str, *, required: Literal[True], minimum: int | None = None, maximum: int | None = None
) -> int: ...
@overload
def parse_int(
    value: str, column: str, *, required: bool = False, minimum: int | None = None, maximum: int | None = None
) -> int | None: ...
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


def int_parser(
    column: str, *, required: bool = False, minimum: int | None = None, maximum: int | None = None
) -> Callable[[str], int | None]:
    """`parse_int` for one column, quicker for the usual cell (plain digits within the bounds): for the
    columns whose every cell differs (identifiers, counts), where `memoised` cannot help."""
    low = 0 if minimum is None else minimum  # plain digits are never negative
    high = math.inf if maximum is None else maximum

    def parse(value: str) -> int | None:
        if value.isascii() and value.isdigit():
            number = int(value)
            if low <= number <= high:
                return number
        return parse_int(value, column, required=required, minimum=minimum, maximum=maximum)

    return parse


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


@overload
def parse_date(value: str, column: str, *, required: Literal[True]) -> date: ...
@overload
def parse_date(value: str, column: str, *, required: bool = False) -> date | None: ...
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
