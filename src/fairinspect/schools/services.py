"""Changes to the school registry: imports of the files GIAS and the inspectorate publish.

Every import checks each row of the file and writes it while the rest is read, all in one transaction with
one audit event naming the file (by name and SHA-256) and what changed. By default one bad row means
nothing is written (`RowsRejected` lists every bad row, and the transaction is rolled back); `skip_invalid`
writes the good rows and returns the bad ones in the summary. Rows equal to what is stored are left alone,
so importing a file twice changes nothing the second time.
"""

from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from functools import partial
from pathlib import Path
from typing import Any, NamedTuple

from fairinspect.audit.services import public_service, record_import
from fairinspect.core import versions
from fairinspect.core.actors import Actor
from fairinspect.core.bulk import (
    INTEGER_MAX,
    SMALL_MAX,
    Upsert,
    max_lengths,
    refuse_or_take_back,
    upsert,
    upsert_records,
)
from fairinspect.core.csv_import import (
    CsvFile,
    ImportSummary,
    Layout,
    RowProblem,
    int_parser,
    memoised,
    normalise_header,
    parse_date,
    parse_decimal,
    parse_int,
    parse_text,
)
from fairinspect.schools import gias
from fairinspect.schools.models import (
    REGISTRY_VERSION,
    LocalAuthority,
    School,
    SchoolLink,
    SchoolsEvent,
    Trust,
)

# Statutory ages run from 0 (nursery) to the mid-twenties (special post-16 provision).
AGE_MAX = 99
# The extent of the British National Grid, in metres.
EASTING_MAX = 700_000
NORTHING_MAX = 1_300_000
FSM_PRECISION = Decimal("0.1")


def _counts(created: int, updated: int, unchanged: int) -> dict[str, int]:
    return {"created": created, "updated": updated, "unchanged": unchanged}


def _registry_changed_if_written(*counts: tuple[int, int, int]) -> None:
    """Bump the registry's version if any of the (created, updated, unchanged) counts wrote a row: a file
    imported again unchanged leaves every cached page as it was."""
    if any(created or updated for created, updated, _ in counts):
        versions.bump(REGISTRY_VERSION)


# The GIAS establishment export -------------------------------------------------------------------------

# The columns the import reads; every other column of the export is ignored.
URN = "URN"
LA_CODE = "LA (code)"
LA_NAME = "LA (name)"
ESTABLISHMENT_NUMBER = "EstablishmentNumber"
NAME = "EstablishmentName"
TYPE_CODE = "TypeOfEstablishment (code)"
TYPE_NAME = "TypeOfEstablishment (name)"
TYPE_GROUP_CODE = "EstablishmentTypeGroup (code)"
TYPE_GROUP_NAME = "EstablishmentTypeGroup (name)"
STATUS_CODE = "EstablishmentStatus (code)"
STATUS_NAME = "EstablishmentStatus (name)"
OPEN_DATE = "OpenDate"
CLOSE_DATE = "CloseDate"
PHASE_CODE = "PhaseOfEducation (code)"
PHASE_NAME = "PhaseOfEducation (name)"
LOW_AGE = "StatutoryLowAge"
HIGH_AGE = "StatutoryHighAge"
NURSERY = "NurseryProvision (name)"
SIXTH_FORM_CODE = "OfficialSixthForm (code)"
SIXTH_FORM_NAME = "OfficialSixthForm (name)"
PUPILS = "NumberOfPupils"
PERCENTAGE_FSM = "PercentageFSM"
TRUST_CODE = "Trusts (code)"
TRUST_NAME = "Trusts (name)"
STREET = "Street"
TOWN = "Town"
POSTCODE = "Postcode"
REGION = "GOR (name)"
EASTING = "Easting"
NORTHING = "Northing"
ESTABLISHMENTS = Layout(
    "GIAS establishment export (edubasealldata)",
    required=(
        URN, LA_CODE, LA_NAME, ESTABLISHMENT_NUMBER, NAME, TYPE_CODE, TYPE_NAME, TYPE_GROUP_CODE, TYPE_GROUP_NAME,
        STATUS_CODE, STATUS_NAME, OPEN_DATE, CLOSE_DATE, PHASE_CODE, PHASE_NAME, LOW_AGE, HIGH_AGE, NURSERY,
        SIXTH_FORM_CODE, SIXTH_FORM_NAME, PUPILS, PERCENTAGE_FSM, TRUST_CODE, TRUST_NAME, STREET, TOWN, POSTCODE,
        REGION, EASTING, NORTHING,
    ),  # fmt: skip
)
SCHOOL_FIELDS = (
    "name", "establishment_number", "local_authority_id", "trust_id", "type_code", "type_name", "type_group_code",
    "type_group_name", "phase_code", "phase_name", "status_code", "status_name", "open_date", "close_date",
    "statutory_low_age", "statutory_high_age", "has_early_years", "has_sixth_form", "number_of_pupils",
    "percentage_fsm", "street", "town", "postcode", "region", "easting", "northing",
)  # fmt: skip
_NURSERY_PROVISION = {normalise_header(name) for name in gias.NURSERY_PROVISION}
_HAS_SIXTH_FORM_NAME = normalise_header(gias.OFFICIAL_SIXTH_FORM[gias.HAS_SIXTH_FORM])
_HAS_NURSERY_CLASSES = normalise_header(gias.HAS_NURSERY_CLASSES)


class _Establishment(NamedTuple):
    school: dict[str, Any]  # School field → value, as SCHOOL_FIELDS names them
    local_authority: tuple[int, str, str] | None  # code, name, region
    trust: tuple[int, str] | None  # code, name


def _establishment_parser(csv_file: CsvFile):
    """The URN of a row, and the rest of it, read apart (as `CsvFile.keyed_records` takes them)."""
    urn_cell = csv_file.getter(URN)
    cells = csv_file.cells([column for column in ESTABLISHMENTS.required if column != URN])
    text_limits = [
        (column, max_lengths(model)[field])
        for column, model, field in (
            (NAME, School, "name"), (TYPE_NAME, School, "type_name"), (TYPE_GROUP_NAME, School, "type_group_name"),
            (PHASE_NAME, School, "phase_name"), (STATUS_NAME, School, "status_name"), (STREET, School, "street"),
            (TOWN, School, "town"), (POSTCODE, School, "postcode"), (REGION, School, "region"),
            (LA_NAME, LocalAuthority, "name"), (TRUST_NAME, Trust, "name"),
        )
    ]  # fmt: skip

    def number(column: str, maximum: int, *, minimum: int = 0, required: bool = False):
        return int_parser(column, minimum=minimum, maximum=maximum, required=required)

    def code(column: str, known: dict[int, str]):
        listed = ", ".join(f"{code} {name}" for code, name in known.items())

        def parse(value: str) -> int | None:
            parsed = parse_int(value, column, minimum=0, maximum=SMALL_MAX)
            if parsed is not None and parsed not in known:
                raise RowProblem(f"{column} {parsed} is not one of GIAS's codes ({listed})")
            return parsed

        return memoised(parse)

    def has_nursery_classes(value: str) -> bool:
        if value and normalise_header(value) not in _NURSERY_PROVISION:
            raise RowProblem(f"{NURSERY} {value!r} is not one of {', '.join(gias.NURSERY_PROVISION)}")
        return normalise_header(value) == _HAS_NURSERY_CLASSES

    def percentage(value: str) -> Decimal | None:
        parsed = parse_decimal(value, PERCENTAGE_FSM, suppressed=(gias.SUPPRESSED,))
        if parsed is None:
            return None
        if not 0 <= parsed <= 100:
            raise RowProblem(f"{PERCENTAGE_FSM} {parsed} is not a percentage")
        return parsed.quantize(FSM_PRECISION, rounding=ROUND_HALF_UP)

    # Most columns repeat a few values (codes, dates, ages), so their parsers remember them; URNs,
    # establishment numbers, pupil numbers and grid references are nearly all different.
    urn_of = number(URN, INTEGER_MAX, minimum=1, required=True)
    establishment_number_of = number(ESTABLISHMENT_NUMBER, INTEGER_MAX)
    pupils_of = number(PUPILS, INTEGER_MAX)
    easting_of = number(EASTING, EASTING_MAX)
    northing_of = number(NORTHING, NORTHING_MAX)
    local_authority_code_of = memoised(number(LA_CODE, SMALL_MAX))
    type_code_of = memoised(number(TYPE_CODE, SMALL_MAX))
    type_group_code_of = memoised(number(TYPE_GROUP_CODE, SMALL_MAX))
    trust_code_of = memoised(number(TRUST_CODE, INTEGER_MAX, minimum=1))
    low_age_of = memoised(number(LOW_AGE, AGE_MAX))
    high_age_of = memoised(number(HIGH_AGE, AGE_MAX))
    status_code_of = code(STATUS_CODE, gias.ESTABLISHMENT_STATUS)
    phase_code_of = code(PHASE_CODE, gias.PHASE_OF_EDUCATION)
    sixth_form_code_of = code(SIXTH_FORM_CODE, gias.OFFICIAL_SIXTH_FORM)
    open_date_of = memoised(partial(parse_date, column=OPEN_DATE))
    close_date_of = memoised(partial(parse_date, column=CLOSE_DATE))
    has_nursery_classes_of = memoised(has_nursery_classes)
    says_has_sixth_form = memoised(lambda name: normalise_header(name) == _HAS_SIXTH_FORM_NAME)
    percentage_fsm_of = memoised(percentage)

    def urn(row: list[str]) -> int:
        return urn_of(urn_cell(row))

    def parse(row: list[str]) -> _Establishment:
        (
            local_authority_code, local_authority_name, establishment_number, name, type_code, type_name,
            type_group_code, type_group_name, status_code, status_name, open_date, close_date, phase_code,
            phase_name, low_age, high_age, nursery, sixth_form_code, sixth_form_name, pupils, percentage_fsm,
            trust_code, trust_name, street, town, postcode, region, easting, northing,
        ) = cells(row)  # fmt: skip
        texts = (name, type_name, type_group_name, phase_name, status_name, street, town, postcode, region)
        for value, (column, limit) in zip((*texts, local_authority_name, trust_name), text_limits):
            if len(value) > limit:
                raise RowProblem(f"{column} is {len(value)} characters long; at most {limit} fit")
        if not name:
            raise RowProblem(f"{NAME} is blank")
        open_date, close_date = open_date_of(open_date), close_date_of(close_date)
        if open_date and close_date and close_date < open_date:
            raise RowProblem(f"{CLOSE_DATE} {close_date:%d-%m-%Y} is before {OPEN_DATE} {open_date:%d-%m-%Y}")
        low_age, high_age = low_age_of(low_age), high_age_of(high_age)
        if low_age is not None and high_age is not None and high_age < low_age:
            raise RowProblem(f"{HIGH_AGE} {high_age} is below {LOW_AGE} {low_age}")
        local_authority_code = local_authority_code_of(local_authority_code)
        if local_authority_code is not None and not local_authority_name:
            raise RowProblem(f"{LA_NAME} is blank where {LA_CODE} is {local_authority_code}")
        trust_code = trust_code_of(trust_code)
        if trust_code is not None and not trust_name:
            raise RowProblem(f"{TRUST_NAME} is blank where {TRUST_CODE} is {trust_code}")
        sixth_form_code = sixth_form_code_of(sixth_form_code)
        school = {
            "name": name,
            "establishment_number": establishment_number_of(establishment_number),
            "local_authority_id": local_authority_code,
            "trust_id": trust_code,
            "type_code": type_code_of(type_code),
            "type_name": type_name,
            "type_group_code": type_group_code_of(type_group_code),
            "type_group_name": type_group_name,
            "phase_code": phase_code_of(phase_code),
            "phase_name": phase_name,
            "status_code": status_code_of(status_code),
            "status_name": status_name,
            "open_date": open_date,
            "close_date": close_date,
            "statutory_low_age": low_age,
            "statutory_high_age": high_age,
            "has_early_years": has_nursery_classes_of(nursery)
            or (low_age is not None and low_age <= gias.EARLY_YEARS_MAX_LOW_AGE),
            "has_sixth_form": sixth_form_code == gias.HAS_SIXTH_FORM or says_has_sixth_form(sixth_form_name),
            "number_of_pupils": pupils_of(pupils),
            "percentage_fsm": percentage_fsm_of(percentage_fsm),
            "street": street,
            "town": town,
            "postcode": postcode,
            "region": region,
            "easting": easting_of(easting),
            "northing": northing_of(northing),
        }
        return _Establishment(
            school,
            (local_authority_code, local_authority_name, region) if local_authority_code is not None else None,
            (trust_code, trust_name) if trust_code is not None else None,
        )

    return urn, parse


def _local_authorities_and_trusts(places) -> tuple[dict[int, dict[str, str]], dict[int, dict[str, str]]]:
    """The local authorities and trusts that schools name, by code, as `upsert` takes them."""
    local_authorities: dict[int, dict[str, str]] = {}
    trusts: dict[int, dict[str, str]] = {}
    for local_authority, trust in places:
        if local_authority:
            code, name, region = local_authority
            # The first row that names the region wins; GIAS gives every school of an authority the same.
            if code not in local_authorities or (region and not local_authorities[code]["region"]):
                local_authorities[code] = {"name": name, "region": region}
        if trust:
            code, name = trust
            trusts.setdefault(code, {"name": name})
    return local_authorities, trusts


@public_service
def import_schools(
    path: Path | str, *, skip_invalid: bool = False, progress: bool = True, actor: Actor = None
) -> ImportSummary:
    """Create or update schools, their local authorities and trusts from a GIAS establishment export.

    Schools are matched by URN, local authorities by `LA (code)` (with their `GOR (name)` region) and trusts
    by `Trusts (code)`. The summary counts schools.
    """
    csv_file = CsvFile(path, [ESTABLISHMENTS])
    urn_of, establishment_of = _establishment_parser(csv_file)
    records = csv_file.keyed_records(urn_of, establishment_of, lambda urn: f"URN {urn}", progress)
    # URN → (local authority, trust) of each school written, so that a school taken back names neither.
    places: dict[int, tuple] = {}
    # Schools go first, while the file is read, though they refer to local authorities and trusts that
    # are only known once it is read: the database checks foreign keys at the commit.
    with Upsert(School, key="urn", fields=SCHOOL_FIELDS) as schools:
        for urn, establishment in records:
            schools.add(urn, establishment.school)
            places[urn] = establishment.local_authority, establishment.trust
        refuse_or_take_back(schools, records, skip_invalid)
    for urn in records.repeated:
        del places[urn]
    local_authorities, trusts = _local_authorities_and_trusts(places.values())
    authority_counts = upsert(LocalAuthority, local_authorities, key="code", fields=("name", "region"))
    trust_counts = upsert(Trust, trusts, key="code", fields=("name",))
    summary = ImportSummary(*schools.counts, rejected=records.errors)
    _registry_changed_if_written(schools.counts, authority_counts, trust_counts)
    record_import(
        SchoolsEvent.IMPORTED,
        csv_file,
        summary,
        actor,
        local_authorities=_counts(*authority_counts),
        trusts=_counts(*trust_counts),
    )
    return summary


# The GIAS links export ---------------------------------------------------------------------------------

LINK_URN, LINK_TYPE, LINK_DATE = "LinkURN", "LinkType", "LinkEstablishedDate"
# LinkName, the linked school's name, is not kept: the registry has the school itself.
LINKS = Layout("GIAS links export (links_edubasealldata)", required=(URN, LINK_URN, LINK_TYPE, LINK_DATE))


def _link_parser(csv_file: CsvFile):
    """The key of a row (URN, linked URN, link type), and the rest of it, read apart (as
    `CsvFile.keyed_records` takes them)."""
    urn_of, linked_urn_of, type_of, date_of = map(csv_file.getter, LINKS.required)
    type_length = max_lengths(SchoolLink)["link_type"]

    def key(row: list[str]) -> tuple[int, int, str]:
        urn = parse_int(urn_of(row), URN, required=True, minimum=1, maximum=INTEGER_MAX)
        linked_urn = parse_int(linked_urn_of(row), LINK_URN, required=True, minimum=1, maximum=INTEGER_MAX)
        if linked_urn == urn:
            raise RowProblem(f"{LINK_URN} {linked_urn} is the school's own URN")
        return urn, linked_urn, parse_text(type_of(row), LINK_TYPE, max_length=type_length, required=True)

    def parse(row: list[str]) -> dict[str, date | None]:
        return {"established_date": parse_date(date_of(row), LINK_DATE)}

    return key, parse


@public_service
def import_links(
    path: Path | str, *, skip_invalid: bool = False, progress: bool = True, actor: Actor = None
) -> ImportSummary:
    """Create or update the links between URNs (such as an academy's 'Predecessor', the school it
    replaced) from a GIAS links export, matched by URN, linked URN and link type."""
    csv_file = CsvFile(path, [LINKS])
    key_of, link_of = _link_parser(csv_file)
    records = csv_file.keyed_records(
        key_of, link_of, lambda key: f"the {key[2]!r} link from URN {key[0]} to {key[1]}", progress
    )
    counts = upsert_records(
        SchoolLink, records, skip_invalid, key=("urn", "linked_urn", "link_type"), fields=("established_date",)
    )
    summary = ImportSummary(*counts, rejected=records.errors)
    _registry_changed_if_written(counts)
    record_import(SchoolsEvent.LINKS_IMPORTED, csv_file, summary, actor)
    return summary
