"""Realistic school-registry data in the published formats, for the demo and the import benchmark.

Everything random is drawn from the `random.Random` the caller passes, and the writers add no variation
of their own, so the same seed gives byte-identical files. The usual sequence:

    rng = random.Random(2025)
    schools = generate_schools(rng, 3000)
    outcomes = generate_outcomes(rng, schools)
    write_gias_csv(directory / "edubasealldata.csv", schools)
    write_outcomes_csv(directory / "mi_eif.csv", outcomes, framework=EIF)
    write_outcomes_csv(directory / "mi_report_cards.csv", outcomes, framework=REPORT_CARD)
    write_links_csv(directory / "links_edubasealldata.csv", schools)

(`write_registry_files` does all of that in one call.) The files then go through the same import services
as published ones.

What "realistic" means here: the real local authorities, regions and (type group, type) pairs from the
reference files in `data/`; roughly the national mix of types, phases and statuses (about half the rows of
a GIAS export are closed establishments, most of them schools that became academies, linked to their
academy as predecessor and successor); age ranges, pupil numbers, nursery classes and sixth forms that fit
the phase; trusts that group academies within a region; postcodes and grid references near the
authority's centre; and inspection grades in the published mix (for primary schools in 2024 about 78%
good, 14% outstanding, 8% requires improvement, 0.4% inadequate; report cards mostly at the expected
standard). Statistical-geography codes (wards, constituencies, LSOAs) are left blank: there is no
reference list for them here, and invented codes would look real.
"""

import csv
import dataclasses
import functools
import math
import random
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

from fairinspect.schools import gias

DATA_DIR = Path(__file__).resolve().parent / "data"
# The day the generated world stands still: nothing opens, closes or is inspected after it.
AS_OF = date(2026, 7, 17)
EIF = "eif-2019"
REPORT_CARD = "report-card-2025"
_EIF_START = date(2019, 9, 1)
_OVERALL_GRADE_ENDS = date(2024, 9, 1)
_REPORT_CARDS_START = date(2025, 11, 10)
# Routine inspections stopped for the pandemic from March 2020 and resumed in May 2021.
_PANDEMIC = (date(2020, 3, 17), date(2021, 5, 4))
_CENSUS_DATE = date(2025, 1, 16)
_FIRST_URN = 100000
# GIAS numbered establishments opening from September 2010 (the first converter academies) from here.
_FIRST_NEW_URN = 136000
_INSPECTION_CYCLE_DAYS = 4 * 365


# Reference data ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class LocalAuthorityArea:
    """A local authority as the generator places schools in it."""

    code: int
    name: str
    region_code: str
    region: str
    easting: int
    northing: int
    spread: int  # metres: how far its schools lie from the centre, roughly
    postcode_areas: tuple[str, ...]
    schools: int  # state-funded schools in it, roughly: how likely a generated school is to be here
    towns: tuple[str, ...]

    @property
    def is_county(self) -> bool:
        return self.spread >= 15000


@functools.cache
def local_authorities() -> tuple[LocalAuthorityArea, ...]:
    with (DATA_DIR / "local_authorities.csv").open(encoding="utf-8", newline="") as file:
        return tuple(
            LocalAuthorityArea(
                code=int(row["code"]),
                name=row["name"],
                region_code=row["region_code"],
                region=row["region"],
                easting=int(row["easting_km"]) * 1000,
                northing=int(row["northing_km"]) * 1000,
                spread=int(row["spread_km"]) * 1000,
                postcode_areas=tuple(row["postcode_areas"].split()),
                schools=int(row["schools"]),
                towns=tuple(row["towns"].split(";")),
            )
            for row in csv.DictReader(file)
        )


@dataclass(frozen=True)
class EstablishmentType:
    code: int
    name: str
    group_code: int
    group_name: str
    further_education_types: tuple[str, ...]


@functools.cache
def establishment_types() -> dict[int, EstablishmentType]:
    with (DATA_DIR / "establishment_types.csv").open(encoding="utf-8", newline="") as file:
        rows = list(csv.DictReader(file))
    types: dict[int, EstablishmentType] = {}
    for row in rows:
        code = int(row["type-of-establishment-code"])
        further = row["further-education-type-name-applicable"]
        known = types.get(code)
        types[code] = EstablishmentType(
            code=code,
            name=row["type-of-establishment-name"],
            group_code=int(row["establishment-type-group-code"]),
            group_name=row["establishment-type-group-name"],
            further_education_types=(*(known.further_education_types if known else ()), *([further] if further else [])),
        )
    return types


# What kinds of establishment there are, and how many ------------------------------------------------------


@dataclass(frozen=True)
class AgeBand:
    phase: int
    low: int
    high: int
    pupils: tuple[int, int]  # mean and standard deviation
    label: str  # the word a school's name uses for it, e.g. "Primary"
    ofsted_phase: str = ""  # as the inspection MI files write it; blank: not inspected as a school

    @property
    def has_sixth_form(self) -> bool:
        return self.phase in (4, 7) and self.high >= 18


PRIMARY = AgeBand(2, 4, 11, (290, 120), "Primary", "Primary")
INFANT = AgeBand(2, 4, 7, (180, 70), "Infant", "Primary")
JUNIOR = AgeBand(2, 7, 11, (240, 90), "Junior", "Primary")
FIRST = AgeBand(2, 4, 9, (170, 70), "First", "Primary")
MIDDLE_PRIMARY = AgeBand(3, 8, 12, (300, 100), "Middle", "Primary")
MIDDLE_SECONDARY = AgeBand(5, 9, 13, (450, 150), "Middle", "Secondary")
SECONDARY_TO_16 = AgeBand(4, 11, 16, (850, 300), "High", "Secondary")
SECONDARY_TO_18 = AgeBand(4, 11, 18, (1150, 350), "High", "Secondary")
ALL_THROUGH = AgeBand(7, 4, 18, (1300, 400), "All-through", "Secondary")
NURSERY = AgeBand(1, 2, 5, (95, 35), "Nursery", "Nursery")
SPECIAL = AgeBand(0, 3, 19, (110, 50), "Special", "Special")
SPECIAL_SECONDARY = AgeBand(0, 11, 19, (90, 40), "Special", "Special")
ALTERNATIVE = AgeBand(0, 11, 16, (45, 25), "Pupil Referral Unit", "Pupil referral unit")
SIXTEEN_TO_NINETEEN = AgeBand(6, 16, 19, (700, 300), "Sixth Form")
TECHNICAL = AgeBand(4, 14, 19, (450, 150), "Technical", "Secondary")
COLLEGE = AgeBand(6, 16, 99, (3500, 2000), "College")
UNIVERSITY = AgeBand(0, 18, 99, (12000, 6000), "University")
SECURE = AgeBand(0, 10, 17, (20, 8), "Secure")
INDEPENDENT_PREP = AgeBand(0, 3, 11, (180, 90), "Preparatory")
INDEPENDENT_SENIOR = AgeBand(0, 11, 18, (600, 300), "Senior")
INDEPENDENT_ALL_AGES = AgeBand(0, 3, 18, (700, 350), "All-age")
INDEPENDENT_SPECIAL = AgeBand(0, 7, 19, (40, 25), "Special")

LA_PRIMARY_MIX = ((PRIMARY, 66), (INFANT, 9), (JUNIOR, 7), (FIRST, 3), (MIDDLE_PRIMARY, 1))
LA_SCHOOL_MIX = (*LA_PRIMARY_MIX, (MIDDLE_SECONDARY, 1), (SECONDARY_TO_16, 5), (SECONDARY_TO_18, 7), (ALL_THROUGH, 1))
ACADEMY_MIX = ((PRIMARY, 55), (INFANT, 5), (JUNIOR, 5), (FIRST, 2), (MIDDLE_SECONDARY, 2), (SECONDARY_TO_16, 9), (SECONDARY_TO_18, 20), (ALL_THROUGH, 2))
INDEPENDENT_MIX = ((INDEPENDENT_PREP, 40), (INDEPENDENT_SENIOR, 25), (INDEPENDENT_ALL_AGES, 35))

# Funding, which decides trusts, inspections and free school meals.
MAINTAINED, ACADEMY, INDEPENDENT, COLLEGE_OR_OTHER = "maintained", "academy", "independent", "other"


@dataclass(frozen=True)
class Kind:
    """A type of establishment: roughly how many are open in England, and their age bands."""

    type_code: int
    open_count: int
    bands: tuple[tuple[AgeBand, int], ...]
    funding: str
    # The share of these that replaced an earlier school (converter academies always did).
    predecessor_share: float = 0.0
    # The types of school they replaced.
    predecessor_types: tuple[tuple[int, int], ...] = ()


_FROM_LA_SCHOOL = ((1, 55), (2, 20), (3, 17), (5, 8))
KINDS = (
    Kind(1, 6400, LA_SCHOOL_MIX, MAINTAINED),
    Kind(2, 2300, ((PRIMARY, 70), (INFANT, 5), (JUNIOR, 5), (FIRST, 2), (SECONDARY_TO_16, 4), (SECONDARY_TO_18, 13), (ALL_THROUGH, 1)), MAINTAINED),
    Kind(3, 1900, ((PRIMARY, 72), (INFANT, 8), (JUNIOR, 6), (FIRST, 8), (MIDDLE_PRIMARY, 2), (SECONDARY_TO_18, 4)), MAINTAINED),
    Kind(5, 600, ((PRIMARY, 55), (INFANT, 5), (JUNIOR, 5), (SECONDARY_TO_16, 10), (SECONDARY_TO_18, 25)), MAINTAINED),
    Kind(6, 3, ((SECONDARY_TO_18, 1),), INDEPENDENT),
    Kind(7, 800, ((SPECIAL, 70), (SPECIAL_SECONDARY, 30)), MAINTAINED),
    Kind(8, 60, ((SPECIAL, 1),), INDEPENDENT),
    Kind(10, 800, ((INDEPENDENT_SPECIAL, 1),), INDEPENDENT),
    Kind(11, 2400, INDEPENDENT_MIX, INDEPENDENT),
    Kind(12, 30, ((SPECIAL, 1),), MAINTAINED),
    Kind(14, 150, ((ALTERNATIVE, 1),), MAINTAINED),
    Kind(15, 380, ((NURSERY, 1),), MAINTAINED),
    Kind(18, 200, ((COLLEGE, 1),), COLLEGE_OR_OTHER),
    Kind(24, 14, ((SECURE, 1),), COLLEGE_OR_OTHER),
    Kind(28, 2600, ((PRIMARY, 55), (INFANT, 2), (JUNIOR, 3), (SECONDARY_TO_16, 12), (SECONDARY_TO_18, 25), (ALL_THROUGH, 3)), ACADEMY, 0.8, (*_FROM_LA_SCHOOL, (34, 12))),
    Kind(29, 100, ((UNIVERSITY, 1),), COLLEGE_OR_OTHER),
    Kind(31, 10, ((SIXTEEN_TO_NINETEEN, 1),), COLLEGE_OR_OTHER),
    Kind(32, 120, ((AgeBand(0, 16, 25, (60, 30), "Special"), 1),), COLLEGE_OR_OTHER),
    Kind(33, 180, ((SPECIAL, 1),), ACADEMY, 0.8, ((7, 1),)),
    Kind(34, 8500, ACADEMY_MIX, ACADEMY, 1.0, _FROM_LA_SCHOOL),
    Kind(35, 500, ((PRIMARY, 45), (SECONDARY_TO_16, 10), (SECONDARY_TO_18, 30), (ALL_THROUGH, 15)), ACADEMY),
    Kind(36, 140, ((SPECIAL, 1),), ACADEMY),
    Kind(38, 45, ((ALTERNATIVE, 1),), ACADEMY),
    Kind(39, 50, ((SIXTEEN_TO_NINETEEN, 1),), ACADEMY),
    Kind(40, 45, ((TECHNICAL, 1),), ACADEMY),
    Kind(41, 20, ((TECHNICAL, 1),), ACADEMY),
    Kind(42, 35, ((ALTERNATIVE, 1),), ACADEMY, 1.0, ((14, 1),)),
    Kind(43, 80, ((ALTERNATIVE, 1),), ACADEMY, 0.8, ((14, 1),)),
    Kind(44, 380, ((SPECIAL, 70), (SPECIAL_SECONDARY, 30)), ACADEMY, 1.0, ((7, 9), (12, 1))),
    Kind(45, 35, ((SIXTEEN_TO_NINETEEN, 1),), ACADEMY, 1.0, ((18, 1),)),
    Kind(46, 10, ((SIXTEEN_TO_NINETEEN, 1),), ACADEMY),
    Kind(49, 10, ((INDEPENDENT_SENIOR, 1),), COLLEGE_OR_OTHER),
)
KINDS_BY_TYPE = {kind.type_code: kind for kind in KINDS}
# Closed establishments that no academy replaced (closures, amalgamations), by type.
CLOSED_MIX = ((1, 45), (2, 10), (3, 10), (5, 3), (11, 20), (7, 5), (14, 3), (15, 2), (27, 2))
# About a quarter of an export's rows are closures with no successor; a draw of an open school brings
# its predecessors with it, so this share of draws gives that quarter.
CLOSED_DRAW_SHARE = 0.32
PROPOSED_TO_CLOSE_SHARE = 0.01
PROPOSED_TO_OPEN_SHARE = 0.005


# Generated establishments --------------------------------------------------------------------------------


@dataclass
class Trust:
    code: int
    name: str
    is_multi_academy: bool
    region: str
    size: int = 0


@dataclass
class Establishment:
    """One row of a generated GIAS export. `details` holds the published columns nothing else needs."""

    local_authority: LocalAuthorityArea
    type_code: int
    band: AgeBand
    name: str
    status_code: int
    open_date: date | None
    close_date: date | None
    has_nursery_classes: bool
    pupils: int | None
    percentage_fsm: str
    street: str
    town: str
    postcode: str
    easting: int
    northing: int
    establishment_number: int
    trust: Trust | None = None
    predecessor: "Establishment | None" = None
    reason_opened: tuple[str, str] = ("00", "Not applicable")
    reason_closed: tuple[str, str] = ("00", "Not applicable")
    details: dict[str, str | int] = field(default_factory=dict)
    urn: int = 0

    @property
    def type(self) -> EstablishmentType:
        return establishment_types()[self.type_code]

    @property
    def funding(self) -> str:
        kind = KINDS_BY_TYPE.get(self.type_code)
        # Only closures use types without a kind (such as Miscellaneous): none of them a state school.
        return kind.funding if kind else COLLEGE_OR_OTHER

    @property
    def has_early_years(self) -> bool:
        return self.has_nursery_classes or self.band.low <= gias.EARLY_YEARS_MAX_LOW_AGE

    @property
    def has_sixth_form(self) -> bool:
        return self.band.has_sixth_form

    @property
    def is_inspected_as_school(self) -> bool:
        """State-funded schools, whose inspections the MI files list."""
        return self.funding in (MAINTAINED, ACADEMY) and bool(self.band.ofsted_phase)

    @property
    def laestab(self) -> str:
        return f"{self.local_authority.code}{self.establishment_number:04d}"


_PLACE_STARTS = (
    "Ash", "Oak", "Elm", "Thorn", "King", "Queen", "Brook", "Mill", "Church", "Green", "West", "East", "North",
    "South", "Long", "Broad", "High", "Mar", "Whit", "Black", "Red", "Stan", "Hay", "Wood", "Cran", "Pen",
    "Bur", "Chal", "Dun", "Fair", "Haw", "Lang", "Nor", "Ship", "Stock", "Wel", "Bram", "Cold", "Hart", "Win",
)
_PLACE_ENDS = (
    "ley", "field", "ford", "bury", "ton", "wood", "brook", "ham", "worth", "well", "by", "stead", "hurst",
    "dale", "combe", "gate", "more", "side", "cliffe", "bridge", "hill", "lands", "thorpe", "wick",
)
_SAINTS = (
    "Mary", "John", "Peter", "Paul", "Andrew", "Michael", "Joseph", "George", "Mark", "Luke", "Matthew", "James",
    "Anne", "Margaret", "Catherine", "Bede", "Cuthbert", "Chad", "Alban", "Augustine", "Edmund", "Francis",
    "Patrick", "Thomas", "Bernadette", "Teresa", "Wilfrid", "Oswald", "Aidan", "Hilda", "Nicholas", "Stephen",
    "Barnabas", "Leonard", "Lawrence", "Martin", "Helen", "Bartholomew",
)
_DEDICATIONS = (
    "Holy Trinity", "Christ Church", "All Saints", "Our Lady of Lourdes", "Sacred Heart", "Holy Family",
    "St Thomas More", "English Martyrs", "Corpus Christi", "St Thomas à Becket",
)
_STREET_NAMES = (
    "Church", "School", "Station", "Mill", "Park", "High", "Victoria", "Queen's", "King's", "Manor", "Green",
    "Chapel", "Albert", "Grange", "Orchard", "Meadow", "Cross", "Bridge", "Windmill", "Hall",
)
_STREET_KINDS = ("Road", "Lane", "Street", "Avenue", "Way", "Drive", "Close", "Hill")
_TRUST_WORDS = (
    "Aspire", "Bright Futures", "Endeavour", "Horizon", "Inspire", "Pioneer", "Unity", "Compass", "Beacon",
    "Harmony", "Summit", "Keystone", "Meridian", "Evolve", "Flourish", "Greenwood", "Lighthouse", "Northstar",
    "Oaktree", "Pathway", "Quest", "Riverside", "Spring", "Together", "Venture", "Willow",
)
_TRUST_KINDS = ("Academy Trust", "Learning Trust", "Multi Academy Trust", "Education Trust", "Schools Partnership")
_FIRST_NAMES = (
    "Sarah", "Jane", "Claire", "Helen", "Emma", "Rachel", "Louise", "Joanne", "Nicola", "Karen", "Amanda",
    "David", "Paul", "Mark", "Andrew", "James", "Richard", "Simon", "Stephen", "Matthew", "Daniel", "Aisha",
    "Priya", "Mohammed", "Chloé", "Siobhan", "Gareth",
)
_LAST_NAMES = (
    "Smith", "Jones", "Taylor", "Brown", "Williams", "Wilson", "Johnson", "Davies", "Robinson", "Wright",
    "Thompson", "Evans", "Walker", "White", "Roberts", "Green", "Hall", "Wood", "Jackson", "Clarke", "Patel",
    "Khan", "Begum", "O'Connor", "Nowak", "Okafor",
)
# How many districts the London postcode areas have; elsewhere the generator allows up to 30.
_POSTCODE_DISTRICTS = {"E": 18, "EC": 4, "N": 22, "NW": 11, "SE": 28, "SW": 20, "W": 14, "WC": 2}
_FSM_BY_REGION = {"A": 28, "B": 26, "D": 25, "E": 22, "F": 27, "G": 19, "H": 26, "J": 17, "K": 18}
_SPECIAL_NEEDS = (
    "ASD - Autistic Spectrum Disorder", "SLD - Severe Learning Difficulty", "MLD - Moderate Learning Difficulty",
    "SEMH - Social, Emotional and Mental Health", "PMLD - Profound and Multiple Learning Difficulty",
    "SLCN - Speech, language and Communication",
)
_DIOCESES = {  # region code → (Church of England, Roman Catholic) diocese, as GIAS names them
    "A": (("CE07", "Diocese of Durham"), ("RC09", "Diocese of Hexham and Newcastle")),
    "B": (("CE24", "Diocese of Manchester"), ("RC04", "Archdiocese of Liverpool")),
    "D": (("CE42", "Diocese of Leeds"), ("RC10", "Diocese of Leeds")),
    "E": (("CE10", "Diocese of Derby"), ("RC19", "Diocese of Nottingham")),
    "F": (("CE04", "Diocese of Birmingham"), ("RC02", "Archdiocese of Birmingham")),
    "G": (("CE08", "Diocese of Ely"), ("RC16", "Diocese of East Anglia")),
    "H": (("CE23", "Diocese of London"), ("RC01", "Archdiocese of Westminster")),
    "J": (("CE32", "Diocese of Oxford"), ("RC15", "Diocese of Portsmouth")),
    "K": (("CE13", "Diocese of Exeter"), ("RC18", "Diocese of Plymouth")),
}


def _pick(rng: random.Random, weighted: Sequence[tuple[object, float]]):
    return rng.choices([item for item, _ in weighted], [weight for _, weight in weighted])[0]


def _first_of_month(rng: random.Random, start_year: int, end: date) -> date:
    """An opening date as academies and new schools have them: the 1st of September, April or January."""
    while True:
        year = rng.randint(start_year, end.year)
        month = _pick(rng, ((9, 6), (4, 2), (1, 2), (rng.randint(1, 12), 1)))
        day = date(year, month, 1)
        if day <= end:
            return day


def _school_day(rng: random.Random, start: date, end: date) -> date | None:
    """A term-time weekday between `start` and `end`, outside the pandemic pause; None if there is none."""
    span = (end - start).days
    if span < 0:
        return None
    for _ in range(50):
        day = start + timedelta(days=rng.randint(0, span))
        if day.weekday() < 5 and day.month != 8 and not (_PANDEMIC[0] <= day < _PANDEMIC[1]):
            return day
    return None


def _local_authority(rng: random.Random) -> LocalAuthorityArea:
    areas = local_authorities()
    return rng.choices(areas, [area.schools for area in areas])[0]


def _place(rng: random.Random) -> str:
    return rng.choice(_PLACE_STARTS) + rng.choice(_PLACE_ENDS)


def _postcode(rng: random.Random, area: str) -> str:
    district = rng.randint(1, _POSTCODE_DISTRICTS.get(area, 30))
    letters = "ABDEFGHJLNPQRSTUWXYZ"
    return f"{area}{district} {rng.randint(1, 9)}{rng.choice(letters)}{rng.choice(letters)}"


# The largest multi-academy trusts run around a hundred academies.
_LARGEST_TRUST = 100


class _Registry:
    """The state one `generate_schools` call builds up: trusts, establishment numbers."""

    def __init__(self, rng: random.Random, as_of: date):
        self.rng = rng
        self.as_of = as_of
        self.trusts: dict[str, list[Trust]] = {}
        self.trust_names: set[str] = set()
        self.next_trust_code = 2000
        self.establishment_numbers: dict[tuple[int, int], int] = {}

    def establishment_number(self, local_authority: LocalAuthorityArea, type_code: int, band: AgeBand) -> int:
        # LA schools number primaries 2xxx, secondaries 4xxx, special schools 7xxx, independents 6xxx.
        if type_code in (10, 11, 6, 8):
            series = 6000
        elif band.label == "Special":
            series = 7000
        elif band.phase in (4, 5, 7):
            series = 4000
        elif band.phase == 1 or band is ALTERNATIVE:
            series = 1000
        elif band.phase == 6 or band in (COLLEGE, UNIVERSITY, SECURE):
            series = 8000
        else:
            series = 2000
        key = (local_authority.code, series)
        number = self.establishment_numbers.get(key, series) + self.rng.randint(1, 4)
        self.establishment_numbers[key] = number
        return number

    def trust_for(self, school_name: str, region: str) -> Trust:
        rng = self.rng
        pool = self.trusts.setdefault(region, [])
        open_to_join = [trust for trust in pool if trust.size < _LARGEST_TRUST]
        if open_to_join and rng.random() < 0.85:
            # Larger trusts attract more schools, so sizes come out skewed as they are in England.
            trust = rng.choices(open_to_join, [math.sqrt(trust.size) for trust in open_to_join])[0]
        else:
            if rng.random() < 0.15:
                name, is_multi = f"{school_name} Trust", False
            else:
                word = rng.choice(_TRUST_WORDS) if rng.random() < 0.6 else _place(rng)
                name, is_multi = f"{word} {rng.choice(_TRUST_KINDS)}", True
            while name in self.trust_names:
                name = f"{_place(rng)} {rng.choice(_TRUST_KINDS)}"
            self.trust_names.add(name)
            self.next_trust_code += rng.randint(1, 9)
            trust = Trust(self.next_trust_code, name, is_multi, region)
            if is_multi:
                pool.append(trust)
        trust.size += 1
        return trust


def _school_name(rng: random.Random, type_code: int, band: AgeBand, place: str, religion: str, nursery: bool) -> str:
    label = band.label
    if band.label == "Special":
        return f"{place} {rng.choice(('School', 'Park School', 'House School', 'Special School', 'Academy'))}"
    if band is ALTERNATIVE:
        return f"{place} {rng.choice(('Pupil Referral Unit', 'Learning Centre', 'Alternative Provision Academy'))}"
    if band is NURSERY:
        return f"{place} Nursery School"
    if band in (COLLEGE, SIXTEEN_TO_NINETEEN):
        return f"{place} {'Sixth Form ' if band is SIXTEEN_TO_NINETEEN else ''}College"
    if band is UNIVERSITY:
        return f"University of {place}"
    if band is SECURE:
        return f"{place} Secure Children's Home"
    if band is TECHNICAL:
        return f"{place} {'University Technical College' if type_code == 40 else 'Studio School'}"
    if band.phase == 0:  # independent
        if religion:
            return f"St {rng.choice(_SAINTS)}'s School"
        return f"{place} {rng.choice(('Preparatory School', 'House School', 'College', 'School', 'Hall School'))}"
    if religion == "Roman Catholic":
        dedication = rng.choice(_DEDICATIONS) if rng.random() < 0.4 else f"St {rng.choice(_SAINTS)}'s"
        if band.phase in (2, 3):
            return f"{dedication} Catholic {label} School"
        return f"{dedication} Catholic {rng.choice(('High School', 'School', 'College'))}"
    if religion == "Church of England":
        if band.phase in (2, 3):
            named = f"St {rng.choice(_SAINTS)}'s" if rng.random() < 0.5 else place
            return f"{named} {rng.choice(('Church of England', 'CofE', 'C of E'))} {label} School"
        return f"{place} Church of England {rng.choice(('Academy', 'High School', 'School'))}"
    academy = type_code in (28, 34, 35)
    if band.phase in (2, 3):
        ending = "Academy" if academy and rng.random() < 0.5 else "School"
        with_nursery = " and Nursery" if nursery and rng.random() < 0.3 else ""
        community = "Community " if type_code == 1 and rng.random() < 0.2 else ""
        return f"{place} {community}{label}{with_nursery} {ending}"
    if band is ALL_THROUGH:
        return f"{place} {rng.choice(('School', 'All-through School', 'Academy'))}"
    choices = ("Academy", "High School", "School", "Academy") if academy else ("High School", "School", "Community College", "Secondary School")
    return f"{place} {rng.choice(choices)}"


def _new_establishment(
    registry: _Registry,
    type_code: int,
    band: AgeBand,
    local_authority: LocalAuthorityArea,
    *,
    status_code: int,
    open_date: date | None,
    close_date: date | None,
) -> Establishment:
    rng = registry.rng
    kind = KINDS_BY_TYPE.get(type_code)
    funding = kind.funding if kind else COLLEGE_OR_OTHER
    if type_code == 2:
        religion = _pick(rng, (("Roman Catholic", 55), ("Church of England", 43), ("Jewish", 2)))
    elif type_code == 3:
        religion = "Church of England"
    elif type_code in (28, 34, 35) and band.phase in (2, 4):
        religion = _pick(rng, (("", 75), ("Church of England", 15), ("Roman Catholic", 10)))
    elif funding == INDEPENDENT:
        religion = _pick(rng, (("", 80), ("Christian", 20)))
    else:
        religion = ""
    town = local_authority.towns[0] if rng.random() < 0.5 else rng.choice(local_authority.towns)
    place = town if (band.phase == 6 or band in (UNIVERSITY, TECHNICAL)) or rng.random() < 0.15 else _place(rng)
    low = band.low
    nursery = False
    if band.phase in (2, 3) and band.low == 4 and rng.random() < 0.35:
        nursery, low = True, 3
    elif band in (INDEPENDENT_PREP, INDEPENDENT_ALL_AGES, SPECIAL, NURSERY):
        nursery = band.low <= 3 and rng.random() < 0.7
    name = _school_name(rng, type_code, band, place, religion, nursery)
    if rng.random() < 0.002:
        name = f"St Thomas à Becket {name.split(' ', 1)[1]}"

    pupils = None
    if status_code != 4 and (status_code != 2 or rng.random() < 0.3):
        mean, deviation = band.pupils
        pupils = max(8, round(rng.gauss(mean, deviation)))
    fsm = ""
    if pupils is not None and funding != INDEPENDENT and band not in (COLLEGE, UNIVERSITY):
        if pupils < 15 or rng.random() < 0.01:
            fsm = gias.SUPPRESSED
        else:
            base = _FSM_BY_REGION[local_authority.region_code] * (0.8 if band.phase in (4, 6) else 1.0)
            fsm = f"{min(85.0, base * math.exp(rng.gauss(0, 0.45))):.1f}"
    spread = local_authority.spread
    establishment = Establishment(
        local_authority=local_authority,
        type_code=type_code,
        band=dataclasses.replace(band, low=low),
        name=name,
        status_code=status_code,
        open_date=open_date,
        close_date=close_date,
        has_nursery_classes=nursery,
        pupils=pupils,
        percentage_fsm=fsm,
        street=f"{rng.choice(_STREET_NAMES)} {rng.choice(_STREET_KINDS)}",
        town=town,
        postcode=_postcode(rng, rng.choice(local_authority.postcode_areas)),
        easting=max(0, round(rng.gauss(local_authority.easting, spread / 2))),
        northing=max(0, round(rng.gauss(local_authority.northing, spread / 2))),
        establishment_number=registry.establishment_number(local_authority, type_code, band),
    )
    establishment.details = _details(rng, establishment, religion, registry.as_of)
    return establishment


def _details(rng: random.Random, school: Establishment, religion: str, as_of: date) -> dict[str, str | int]:
    """The published columns that describe a school but that nothing in fairinspect reads."""
    band, local_authority = school.band, school.local_authority
    single_sex = school.funding == INDEPENDENT and rng.random() < 0.15 or band.phase == 4 and rng.random() < 0.06
    gender = _pick(rng, ((("1", "Boys"), 1), (("2", "Girls"), 1))) if single_sex else ("3", "Mixed")
    church, catholic = _DIOCESES[local_authority.region_code]
    diocese = {"Church of England": church, "Roman Catholic": catholic}.get(religion, ("0000", "Not applicable"))
    religious_code = {"Church of England": "02", "Roman Catholic": "03"}.get(religion, "00")
    selective = band.phase == 4 and rng.random() < 0.05
    admissions = ("2", "Selective") if selective else ("4", "Non-selective") if band.phase in (4, 5, 7) else ("0", "Not applicable")
    details: dict[str, str | int] = {
        "Boarders (code)": "1",
        "Boarders (name)": "No boarders",
        "Gender (code)": gender[0],
        "Gender (name)": gender[1],
        "ReligiousCharacter (code)": religious_code,
        "ReligiousCharacter (name)": religion or "Does not apply",
        "ReligiousEthos (name)": "Does not apply" if religion in ("", "Church of England", "Roman Catholic") else religion,
        "Diocese (code)": diocese[0],
        "Diocese (name)": diocese[1],
        "AdmissionsPolicy (code)": admissions[0],
        "AdmissionsPolicy (name)": admissions[1],
        "SpecialClasses (code)": "1" if rng.random() < 0.08 else "2",
        "SpecialClasses (name)": "",
        "TrustSchoolFlag (code)": "0",
        "TrustSchoolFlag (name)": "Not applicable",
        "SchoolSponsorFlag (name)": "Not applicable",
        "FederationFlag (name)": "Not under a federation",
        "FurtherEducationType (name)": "Not applicable",
        "LastChangedDate": (as_of - timedelta(days=rng.randint(1, 700))).strftime(gias.DATE_FORMAT),
        "County (name)": local_authority.name if local_authority.is_county else "",
        "BSOInspectorateName (name)": "Not applicable",
        "TeenMoth (name)": "Not applicable",
        "CCF (name)": "Not applicable",
        "SENPRU (name)": "Not applicable",
        "EBD (name)": "Not applicable",
        "EdByOther (name)": "Not applicable",
        "Section41Approved (name)": "Approved" if school.type_code == 10 else "Not applicable",
        "TypeOfResourcedProvision (name)": "Resourced provision" if rng.random() < 0.05 else "Not applicable",
        "GOR (code)": local_authority.region_code,
        "PreviousLA (code)": "999",
        "PreviousLA (name)": "Not applicable",
        "UPRN": str(rng.randint(10_000_000, 100_099_999_999)),
        "QABName (code)": "0",
        "QABName (name)": "Not applicable",
        "EstablishmentAccredited (code)": "0",
        "EstablishmentAccredited (name)": "Not applicable",
    }
    details["SpecialClasses (name)"] = "Has Special Classes" if details["SpecialClasses (code)"] == "1" else "No Special Classes"
    if school.type_code == 18:
        details["FurtherEducationType (name)"] = rng.choice(school.type.further_education_types)
    if band.label == "Special":
        for number, need in enumerate(rng.sample(_SPECIAL_NEEDS, rng.randint(1, 3)), start=1):
            details[f"SEN{number} (name)"] = need
    if school.funding == INDEPENDENT:
        details["InspectorateName (name)"] = _pick(rng, (("Ofsted", 60), ("Independent Schools Inspectorate", 40)))
        if rng.random() < 0.1:
            details["Boarders (code)"], details["Boarders (name)"] = "2", "Boarding school"
    if local_authority.region_code == "H":
        urban = ("A1", "(England/Wales) Urban major conurbation")
    elif local_authority.is_county:
        urban = _pick(
            rng,
            (
                (("C1", "(England/Wales) Urban city and town"), 45),
                (("D1", "(England/Wales) Rural town and fringe"), 20),
                (("E1", "(England/Wales) Rural village"), 30),
                (("F1", "(England/Wales) Rural hamlet and isolated dwellings"), 5),
            ),
        )
    else:
        urban = _pick(rng, ((("A1", "(England/Wales) Urban major conurbation"), 40), (("C1", "(England/Wales) Urban city and town"), 60)))
    details["UrbanRural (code)"], details["UrbanRural (name)"] = urban
    if school.status_code != 2:
        details.update(_contact_details(rng, school))
    if school.pupils is not None:
        boys = round(school.pupils * (1.0 if gender[1] == "Boys" else 0.0 if gender[1] == "Girls" else rng.uniform(0.46, 0.54)))
        details.update(
            {
                "SchoolCapacity": max(10, round(school.pupils * rng.uniform(0.95, 1.3) / 10) * 10),
                "CensusDate": _CENSUS_DATE.strftime(gias.DATE_FORMAT),
                "NumberOfBoys": str(boys),
                "NumberOfGirls": str(school.pupils - boys),
            }
        )
        if school.percentage_fsm not in ("", gias.SUPPRESSED):
            details["FSM"] = str(round(school.pupils * float(school.percentage_fsm) / 100))
    return details


def _contact_details(rng: random.Random, school: Establishment) -> dict[str, str | int]:
    slug = "".join(character for character in school.name.lower() if character.isalnum())[:24]
    domain = "sch.uk" if school.funding == MAINTAINED else "org.uk"
    london = school.local_authority.region_code == "H"
    telephone = f"020{rng.randint(0, 99_999_999):08d}" if london else f"01{rng.randint(0, 999_999_999):09d}"
    academy = school.funding == ACADEMY
    return {
        "UKPRN": rng.randint(10_000_000, 10_099_999),
        "SchoolWebsite": f"https://www.{slug}.{domain}",
        "TelephoneNum": telephone,
        "HeadTitle (name)": rng.choice(("Mr", "Mrs", "Ms", "Miss", "Dr")),
        "HeadFirstName": rng.choice(_FIRST_NAMES),
        "HeadLastName": rng.choice(_LAST_NAMES),
        "HeadPreferredJobTitle": _pick(rng, (("Principal" if academy else "Headteacher", 85), ("Executive Headteacher", 10), ("Head of School", 5))),
    }


def _join_trust(registry: _Registry, school: Establishment) -> None:
    trust = registry.trust_for(school.name, school.local_authority.region_code)
    school.trust = trust
    school.details["TrustSchoolFlag (code)"] = "5" if trust.is_multi_academy else "6"
    school.details["TrustSchoolFlag (name)"] = (
        "Supported by a multi-academy trust" if trust.is_multi_academy else "Supported by a single-academy trust"
    )
    if school.type_code in (28, 33, 43, 46):
        school.details["SchoolSponsorFlag (name)"] = "Linked to a sponsor"
        school.details["SchoolSponsors (name)"] = trust.name


def _open_school(registry: _Registry, kind: Kind) -> list[Establishment]:
    """An open (or about to open, or to close) establishment, preceded by the schools it replaced."""
    rng, as_of = registry.rng, registry.as_of
    band = _pick(rng, kind.bands)
    local_authority = _local_authority(rng)
    status = _pick(rng, ((1, 1 - PROPOSED_TO_CLOSE_SHARE - PROPOSED_TO_OPEN_SHARE), (3, PROPOSED_TO_CLOSE_SHARE), (4, PROPOSED_TO_OPEN_SHARE)))
    if status == 4:
        open_date = date(as_of.year, 9, 1)
    elif kind.funding == ACADEMY:
        first_year = {28: 2002, 34: 2010}.get(kind.type_code, 2011)
        open_date = _first_of_month(rng, first_year, as_of)
    elif rng.random() < 0.3:
        open_date = date(rng.randint(1950, 2020), 9, 1)
    else:
        open_date = None
    school = _new_establishment(registry, kind.type_code, band, local_authority, status_code=status, open_date=open_date, close_date=None)
    if kind.funding == ACADEMY:
        _join_trust(registry, school)
        school.reason_opened = ("10", "Academy Converter") if kind.predecessor_share == 1.0 else ("11", "Academy Sponsor Led")
        if kind.type_code in (35, 36, 38, 39, 40, 41):
            school.reason_opened = ("13", "Academy Free School")
    chain = [school]
    if status != 4 and rng.random() < kind.predecessor_share:
        chain[:0] = _predecessors(registry, kind, school)
    return chain


def _predecessors(registry: _Registry, kind: Kind, successor: Establishment) -> list[Establishment]:
    """The school an academy replaced (closed the day before it opened), and any school before that."""
    rng = registry.rng
    opened = successor.open_date
    assert opened is not None
    type_code = _pick(rng, kind.predecessor_types)
    rebrokered = KINDS_BY_TYPE[type_code].funding == ACADEMY
    if rebrokered and opened < date(2012, 9, 1):
        type_code, rebrokered = _FROM_LA_SCHOOL[0][0], False
    predecessor = _new_establishment(
        registry,
        type_code,
        successor.band,
        successor.local_authority,
        status_code=2,
        open_date=_first_of_month(rng, 2010, opened - timedelta(days=365)) if rebrokered else None,
        close_date=opened - timedelta(days=1),
    )
    if "Academy" in successor.name and rng.random() < 0.5:
        predecessor.name = successor.name.replace("Academy", "School")
    else:
        predecessor.name = successor.name
    predecessor.street, predecessor.town, predecessor.postcode = successor.street, successor.town, successor.postcode
    predecessor.easting, predecessor.northing = successor.easting, successor.northing
    successor.predecessor = predecessor
    if rebrokered:
        # A re-brokered academy: it opened as a converter some years before, and closed on the transfer.
        predecessor.reason_closed = ("22", "Academy Transfer")
        predecessor.reason_opened = ("10", "Academy Converter")
        _join_trust(registry, predecessor)
        return [*_predecessors(registry, KINDS_BY_TYPE[type_code], predecessor), predecessor]
    predecessor.reason_closed = ("10", "Academy Converter") if kind.predecessor_share == 1.0 else ("11", "Academy Sponsor Led")
    return [predecessor]


def _closed_school(registry: _Registry) -> Establishment:
    rng = registry.rng
    type_code = _pick(rng, CLOSED_MIX)
    kind = KINDS_BY_TYPE.get(type_code)
    band = _pick(rng, kind.bands) if kind else SPECIAL_SECONDARY
    # Schools close at the end of a term or of a financial year.
    closed = date(rng.randint(1995, registry.as_of.year - 1), rng.choice((3, 7, 8, 12)), 31)
    opened = date(rng.randint(1950, closed.year - 1), 9, 1) if rng.random() < 0.3 else None
    school = _new_establishment(
        registry, type_code, band, _local_authority(rng), status_code=2, open_date=opened, close_date=closed
    )
    school.reason_closed = _pick(rng, ((("01", "Closure"), 50), (("03", "Result of Amalgamation/Merger"), 40), (("99", "Other"), 10)))
    return school


def generate_schools(
    rng: random.Random, count: int, *, as_of: date = AS_OF, reserved_urns: Collection[int] = ()
) -> list[Establishment]:
    """`count` establishments as a GIAS export lists them, open and closed, in URN order.

    About half are open; most closed ones are schools that academies replaced (`Establishment.predecessor`
    points from the academy to them). As in GIAS, establishments that opened before September 2010 have
    URNs from 100000 and later ones from 136000 (or beyond, for very large counts), in the order they opened.
    No establishment gets one of `reserved_urns` (those of real schools imported beside them).
    """
    registry = _Registry(rng, as_of)
    open_kinds = [(kind, kind.open_count) for kind in KINDS]
    establishments: list[Establishment] = []
    while len(establishments) < count:
        if rng.random() < CLOSED_DRAW_SHARE:
            drawn = [_closed_school(registry)]
        else:
            drawn = _open_school(registry, _pick(rng, open_kinds))
            if len(establishments) + len(drawn) > count:
                drawn = drawn[-1:]
                drawn[0].predecessor = None
        establishments.extend(drawn)
    _number(rng, establishments, frozenset(reserved_urns))
    return sorted(establishments, key=lambda school: school.urn)


def _number(rng: random.Random, establishments: list[Establishment], reserved: frozenset[int]) -> None:
    cutoff = date(2010, 9, 1)
    older = [school for school in establishments if not school.open_date or school.open_date < cutoff]
    newer = sorted(
        (school for school in establishments if school.open_date and school.open_date >= cutoff),
        key=lambda school: school.open_date or cutoff,  # every one has a date
    )
    urn = _FIRST_URN
    # Gaps (withdrawn numbers) as often as the older range has room for them.
    gap_chance = max(0, _FIRST_NEW_URN - _FIRST_URN - len(older)) / max(1, len(older))
    for school in older:
        urn += 1 + (rng.random() < gap_chance)
        while urn in reserved:
            urn += 1
        school.urn = urn
    urn = max(urn, _FIRST_NEW_URN)
    for school in newer:
        urn += rng.randint(1, 2)
        while urn in reserved:
            urn += 1
        school.urn = urn


def write_gias_csv(path: Path | str, establishments: Iterable[Establishment]) -> None:
    """Write an establishment export (edubasealldata) in the current format: Windows-1252, all 135 columns."""
    with Path(path).open("w", encoding="cp1252", newline="") as file:
        writer = csv.writer(file, quoting=csv.QUOTE_NONNUMERIC, lineterminator="\n")
        writer.writerow(gias.ESTABLISHMENT_COLUMNS)
        for school in establishments:
            cells = _gias_cells(school)
            writer.writerow(
                [
                    cells.get(column, "") if column in gias.UNQUOTED_COLUMNS else str(cells.get(column, ""))
                    for column in gias.ESTABLISHMENT_COLUMNS
                ]
            )


def _date(value: date | None, form: str = gias.DATE_FORMAT) -> str:
    return value.strftime(form) if value else ""


def _gias_cells(school: Establishment) -> dict[str, str | int]:
    kind = school.type
    local_authority = school.local_authority
    sixth_form = gias.HAS_SIXTH_FORM if school.has_sixth_form else 2 if school.band.phase in (2, 3, 4, 5, 7) else 0
    if school.has_nursery_classes:
        nursery = gias.HAS_NURSERY_CLASSES
    elif school.band.phase in (2, 3) or school.band.phase == 7:
        nursery = "No Nursery Classes"
    else:
        nursery = "Not applicable"
    cells: dict[str, str | int] = {
        **school.details,
        "URN": school.urn,
        "LA (code)": str(local_authority.code),
        "LA (name)": local_authority.name,
        "EstablishmentNumber": str(school.establishment_number),
        "EstablishmentName": school.name,
        "TypeOfEstablishment (code)": f"{kind.code:02d}",
        "TypeOfEstablishment (name)": kind.name,
        "EstablishmentTypeGroup (code)": str(kind.group_code),
        "EstablishmentTypeGroup (name)": kind.group_name,
        "EstablishmentStatus (code)": str(school.status_code),
        "EstablishmentStatus (name)": gias.ESTABLISHMENT_STATUS[school.status_code],
        "ReasonEstablishmentOpened (code)": school.reason_opened[0],
        "ReasonEstablishmentOpened (name)": school.reason_opened[1],
        "OpenDate": _date(school.open_date),
        "ReasonEstablishmentClosed (code)": school.reason_closed[0],
        "ReasonEstablishmentClosed (name)": school.reason_closed[1],
        "CloseDate": _date(school.close_date),
        "PhaseOfEducation (code)": str(school.band.phase),
        "PhaseOfEducation (name)": gias.PHASE_OF_EDUCATION[school.band.phase],
        "StatutoryLowAge": school.band.low,
        "StatutoryHighAge": school.band.high,
        "NurseryProvision (name)": nursery,
        "OfficialSixthForm (code)": str(sixth_form),
        "OfficialSixthForm (name)": gias.OFFICIAL_SIXTH_FORM[sixth_form],
        "NumberOfPupils": "" if school.pupils is None else str(school.pupils),
        "PercentageFSM": school.percentage_fsm,
        "Trusts (code)": str(school.trust.code) if school.trust else "",
        "Trusts (name)": school.trust.name if school.trust else "",
        "Street": school.street,
        "Town": school.town,
        "Postcode": school.postcode,
        "GOR (name)": local_authority.region,
        "Easting": school.easting,
        "Northing": school.northing,
    }
    return cells


# Links ---------------------------------------------------------------------------------------------------

# GIAS gives no date for many links made before 2012.
_LINK_DATES_FROM = date(2012, 1, 1)


def write_links_csv(path: Path | str, establishments: Iterable[Establishment]) -> None:
    """Write a links export: each academy's predecessor link and the closed school's successor link.

    As published: Windows-1252, every cell quoted, CRLF line endings and no line ending after the last row.
    """
    rows = []
    for school in establishments:
        before = school.predecessor
        if before is None:
            continue
        assert school.open_date is not None and before.close_date is not None
        dated = school.open_date >= _LINK_DATES_FROM
        rows.append((school.urn, before.urn, before.name, gias.PREDECESSOR, _date(school.open_date) if dated else ""))
        rows.append((before.urn, school.urn, school.name, gias.SUCCESSOR, _date(before.close_date) if dated else ""))
    rows.sort(key=lambda row: (row[0], row[1]))
    lines = [_quoted_csv_line(gias.LINK_COLUMNS), *(_quoted_csv_line(row) for row in rows)]
    Path(path).write_bytes("\r\n".join(lines).encode("cp1252"))


def _quoted_csv_line(cells: Sequence[object]) -> str:
    return ",".join('"' + str(cell).replace('"', '""') + '"' for cell in cells)


# Inspection outcomes (management information) ------------------------------------------------------------

# The share of each grade among schools' latest graded inspections, by Ofsted phase (1 outstanding … 4
# inadequate). Primary is the published 2024 mix; the others lean as the published figures do.
GRADE_MIX = {
    "Primary": ((1, 14.0), (2, 77.6), (3, 8.0), (4, 0.4)),
    "Secondary": ((1, 17.0), (2, 62.0), (3, 16.0), (4, 5.0)),
    "Special": ((1, 36.0), (2, 54.0), (3, 7.0), (4, 3.0)),
    "Nursery": ((1, 55.0), (2, 42.0), (3, 2.5), (4, 0.5)),
    "Pupil referral unit": ((1, 20.0), (2, 66.0), (3, 10.0), (4, 4.0)),
}
# Report-card grades per area, given the grade the school last had under the EIF.
_REPORT_CARD_MIX = {
    1: (("Exceptional", 10), ("Strong standard", 50), ("Expected standard", 40)),
    2: (("Strong standard", 15), ("Expected standard", 80), ("Needs attention", 5)),
    3: (("Strong standard", 2), ("Expected standard", 52), ("Needs attention", 46)),
    4: (("Expected standard", 30), ("Needs attention", 70)),
}
_URGENT = "Urgent improvement"
_GRADE_WORDS = {1: "Outstanding", 2: "Good", 3: "Requires improvement", 4: "Inadequate"}

EIF_AREA_COLUMNS = (
    "Quality of education",
    "Behaviour and attitudes",
    "Personal development",
    "Effectiveness of leadership and management",
)
REPORT_CARD_AREA_COLUMNS = (
    "Inclusion",
    "Curriculum and teaching",
    "Achievement",
    "Attendance and behaviour",
    "Personal development and wellbeing",
    "Leadership and governance",
)
_SCHOOL_COLUMNS = (
    "Web Link (opens in new window)",
    "URN",
    "LAESTAB",
    "School name",
    "Ofsted phase",
    "Type of education",
    "School open date",
    "Admissions policy",
    "Sixth form",
    "Designated religious character",
    "Religious ethos",
    "Faith grouping",
    "Ofsted region",
    "Region",
    "Local authority",
    "Parliamentary constituency",
    "Postcode",
    "Multi-academy trust UID",
    "Multi-academy trust name",
    "Academy sponsor UID",
    "Academy Sponsor Name",
    "The income deprivation affecting children index (IDACI) quintile",
    "Total number of pupils",
    "Statutory lowest age",
    "Statutory highest age",
)
# The headers of the two published layouts (the EIF one as the files of 2019–2025 have it).
MI_COLUMNS = {
    EIF: (
        *_SCHOOL_COLUMNS,
        "Inspection number",
        "Inspection type",
        "Inspection type grouping",
        "Event type grouping",
        "Inspection start date",
        "Inspection end date",
        "Publication date",
        "Overall effectiveness",
        "Category of concern",
        *EIF_AREA_COLUMNS,
        "Safeguarding is effective?",
        "Early years provision (where applicable)",
        "Sixth form provision (where applicable)",
        "Outcomes for ungraded and monitoring inspections",
    ),
    REPORT_CARD: (
        *_SCHOOL_COLUMNS,
        "Inspection number",
        "Inspection type",
        "Inspection type grouping",
        "Event type grouping",
        "Inspection start date",
        "Publication date",
        "Outcomes for legacy monitoring inspections",
        "Category of concern",
        "Safeguarding standards",
        *REPORT_CARD_AREA_COLUMNS[:5],
        "Early years (where applicable)",
        "Post-16 provision (where applicable)",
        REPORT_CARD_AREA_COLUMNS[5],
    ),
}
MI_DATE_FORMAT = "%d/%m/%Y"
_OFSTED_REGIONS = {
    "A": "North East, Yorkshire and the Humber",
    "D": "North East, Yorkshire and the Humber",
    "B": "North West",
    "E": "East Midlands",
    "F": "West Midlands",
    "G": "East of England",
    "H": "London",
    "J": "South East",
    "K": "South West",
}


@dataclass(frozen=True)
class PublishedOutcome:
    """One row of an inspection MI file: an inspection of `school` and its outcome, as published."""

    school: Establishment
    framework: str  # EIF or REPORT_CARD
    start_date: date
    inspection_type: str
    type_grouping: str
    event_type_grouping: str
    publication_date: date
    cells: dict[str, str]  # grades, safeguarding, category and outcome columns → published value
    number: int = 0


def generate_outcomes(rng: random.Random, establishments: Iterable[Establishment], *, as_of: date = AS_OF) -> list[PublishedOutcome]:
    """Published inspections of the state-funded schools among `establishments`, since September 2019.

    Under the EIF (to 9 November 2025) each school has about one graded or ungraded inspection, plus
    monitoring where it was judged to need it; since then, report-card inspections of those whose turn
    has come. Each inspection is listed under the URN the school had then, so an academy's earlier
    history sits under its predecessor. Inspection numbers follow the order of start dates.
    """
    outcomes: list[PublishedOutcome] = []
    for school in establishments:
        if not school.is_inspected_as_school or school.status_code == 4:
            continue
        outcomes.extend(_school_history(rng, school, as_of))
    outcomes.sort(key=lambda outcome: (outcome.start_date, outcome.school.urn))
    first = {EIF: 10_100_000, REPORT_CARD: 10_400_000}
    numbered = []
    for outcome in outcomes:
        first[outcome.framework] += rng.randint(1, 30)
        numbered.append(dataclasses.replace(outcome, number=first[outcome.framework]))
    return numbered


def _school_history(rng: random.Random, school: Establishment, as_of: date) -> list[PublishedOutcome]:
    since = max(school.open_date or _EIF_START, _EIF_START)
    until = min(school.close_date or as_of, as_of)
    grade = _pick(rng, GRADE_MIX[school.band.ofsted_phase])
    history = []
    eif_until = min(until, _REPORT_CARDS_START - timedelta(days=1))
    # A new school is first inspected in its third year or so; others once in each four-year cycle.
    first_due = since + timedelta(days=rng.randint(500, 1100)) if school.open_date and school.open_date > _EIF_START else since
    day = _school_day(rng, first_due, eif_until) if rng.random() < 0.95 else None
    if day:
        graded = grade > 2 or school.open_date and school.open_date > date(2015, 9, 1) or rng.random() < 0.5
        history.append(_eif_graded(rng, school, day, grade) if graded else _eif_ungraded(rng, school, day, grade))
        if grade > 2:
            follow_up = _school_day(rng, day + timedelta(days=150), min(eif_until, day + timedelta(days=400)))
            if follow_up:
                history.append(_eif_monitoring(rng, school, follow_up, grade))
    report_cards_from = max(since, _REPORT_CARDS_START)
    if until > report_cards_from and rng.random() < (until - report_cards_from).days / _INSPECTION_CYCLE_DAYS * 1.5:
        day = _school_day(rng, report_cards_from, until)
        if day:
            history.append(_report_card(rng, school, day, grade))
    return history


def _published(rng: random.Random, day: date) -> date:
    return day + timedelta(days=rng.randint(18, 45))


def _eif_cells(school: Establishment, *, overall: str, areas: Sequence[int | None], safeguarding: str, category: str = "", outcome: str = "") -> dict[str, str]:
    early_years, sixth_form = areas[4], areas[5]
    return {
        "Overall effectiveness": overall,
        "Category of concern": category or "NULL",
        **{column: str(area) if area else "NULL" for column, area in zip(EIF_AREA_COLUMNS, areas[:4])},
        "Safeguarding is effective?": safeguarding,
        "Early years provision (where applicable)": str(early_years) if early_years and school.has_early_years else "NULL",
        "Sixth form provision (where applicable)": str(sixth_form) if sixth_form and school.has_sixth_form else "NULL",
        "Outcomes for ungraded and monitoring inspections": outcome or "NULL",
    }


def _eif_graded(rng: random.Random, school: Establishment, day: date, grade: int) -> PublishedOutcome:
    areas: list[int | None] = [min(3, max(1, grade + _pick(rng, ((0, 70), (-1, 15), (1, 15))))) if grade < 4 else rng.choice((3, 4)) for _ in range(6)]
    category = ""
    if grade == 4:
        category = _pick(rng, (("Special measures", 65), ("Serious weaknesses", 35)))
        areas[0] = 4
        areas[3] = 4 if category == "Special measures" else 3
    elif grade == 1:
        areas[0] = areas[3] = 1
    safeguarding = "No" if grade == 4 and rng.random() < 0.35 else "Yes"
    overall = str(grade) if day < _OVERALL_GRADE_ENDS else "Not judged"
    cells = _eif_cells(school, overall=overall, areas=areas, safeguarding=safeguarding, category=category)
    return PublishedOutcome(school, EIF, day, "S5 Inspection", "Graded inspection", "Section 5", _published(rng, day), cells)


def _eif_ungraded(rng: random.Random, school: Establishment, day: date, grade: int) -> PublishedOutcome:
    if day >= _OVERALL_GRADE_ENDS and rng.random() < 0.5:
        outcome = "Standards maintained"
    else:
        word = _GRADE_WORDS[grade]
        outcome = _pick(rng, ((f"School remains {word}", 80), (f"School remains {word} (Concerns) - S5 Next", 12), (f"School remains {word} (Improving) - S5 Next", 8)))
    cells = _eif_cells(school, overall="NULL", areas=[None] * 6, safeguarding="Yes", outcome=outcome)
    return PublishedOutcome(school, EIF, day, "S8 Inspection of a good or outstanding school", "Ungraded inspection", "Section 8", _published(rng, day), cells)


def _eif_monitoring(rng: random.Random, school: Establishment, day: date, grade: int) -> PublishedOutcome:
    outcome = _pick(rng, (("Taking effective action", 85), ("Not taking effective action", 15)))
    if grade == 3:
        outcome = "Leaders are taking effective action" if rng.random() < 0.9 else "Leaders are not taking effective action"
    cells = _eif_cells(school, overall="NULL", areas=[None] * 6, safeguarding="NULL", outcome=outcome)
    return PublishedOutcome(school, EIF, day, "S8 Monitoring Inspection", "Monitoring inspection", "Section 8", _published(rng, day), cells)


def _report_card(rng: random.Random, school: Establishment, day: date, grade: int) -> PublishedOutcome:
    mix = _REPORT_CARD_MIX[grade]
    areas = {column: _pick(rng, mix) for column in REPORT_CARD_AREA_COLUMNS}
    early_years = _pick(rng, mix) if school.has_early_years else "Not applicable"
    post_16 = _pick(rng, mix) if school.has_sixth_form else "Not applicable"
    safeguarding, category = "Met", ""
    # Inadequate schools come out in a category of concern, with the grades that put them there.
    if grade == 4:
        category = _pick(rng, (("Special measures", 40), ("Requires significant improvement", 60)))
        others = list(REPORT_CARD_AREA_COLUMNS[:5])
        areas[rng.choice(others)] = _URGENT
        if category == "Special measures":
            areas["Leadership and governance"] = _URGENT
        if rng.random() < 0.3:
            safeguarding = "Not met"
    cells = {
        "Outcomes for legacy monitoring inspections": "NULL",
        "Category of concern": category or "NULL",
        "Safeguarding standards": safeguarding,
        **areas,
        "Early years (where applicable)": early_years,
        "Post-16 provision (where applicable)": post_16,
    }
    return PublishedOutcome(school, REPORT_CARD, day, "Full inspection", "Full inspection", "Report card inspection", _published(rng, day), cells)


def write_outcomes_csv(
    path: Path | str, outcomes: Iterable[PublishedOutcome], *, framework: str, title: str = ""
) -> None:
    """Write the outcomes under `framework` (EIF or REPORT_CARD) as that era's MI file: Windows-1252,
    DD/MM/YYYY dates, one row per inspection. `title`, if given, is a title row above the header, as the
    older files have."""
    columns = MI_COLUMNS[framework]
    with Path(path).open("w", encoding="cp1252", newline="") as file:
        writer = csv.writer(file)
        if title:
            writer.writerow([title])
        writer.writerow(columns)
        for outcome in outcomes:
            if outcome.framework == framework:
                cells = {**_mi_school_cells(outcome.school), **_mi_inspection_cells(outcome), **outcome.cells}
                writer.writerow([cells.get(column, "") for column in columns])


def _mi_inspection_cells(outcome: PublishedOutcome) -> dict[str, str]:
    return {
        "Inspection number": str(outcome.number),
        "Inspection type": outcome.inspection_type,
        "Inspection type grouping": outcome.type_grouping,
        "Event type grouping": outcome.event_type_grouping,
        "Inspection start date": _date(outcome.start_date, MI_DATE_FORMAT),
        "Inspection end date": _date(outcome.start_date + timedelta(days=1), MI_DATE_FORMAT),
        "Publication date": _date(outcome.publication_date, MI_DATE_FORMAT),
    }


def _mi_school_cells(school: Establishment) -> dict[str, str]:
    trust = school.trust
    sponsored = school.details.get("SchoolSponsorFlag (name)") == "Linked to a sponsor"
    religion = str(school.details["ReligiousCharacter (name)"])
    fsm = school.percentage_fsm
    quintile = str(min(5, 1 + int(float(fsm) // 10))) if fsm not in ("", gias.SUPPRESSED) else "NULL"
    return {
        "Web Link (opens in new window)": f"https://reports.ofsted.gov.uk/provider/21/{school.urn}",
        "URN": str(school.urn),
        "LAESTAB": school.laestab,
        "School name": school.name,
        "Ofsted phase": school.band.ofsted_phase,
        "Type of education": school.type.name,
        "School open date": _date(school.open_date, MI_DATE_FORMAT) or "NULL",
        "Admissions policy": str(school.details["AdmissionsPolicy (name)"]),
        "Sixth form": "Has a sixth form" if school.has_sixth_form else "Does not have a sixth form",
        "Designated religious character": religion,
        "Religious ethos": str(school.details["ReligiousEthos (name)"]),
        "Faith grouping": "Non-faith" if religion == "Does not apply" else religion,
        "Ofsted region": _OFSTED_REGIONS[school.local_authority.region_code],
        "Region": school.local_authority.region,
        "Local authority": school.local_authority.name,
        "Parliamentary constituency": "NULL",
        "Postcode": school.postcode,
        "Multi-academy trust UID": str(trust.code) if trust and trust.is_multi_academy else "NULL",
        "Multi-academy trust name": trust.name if trust and trust.is_multi_academy else "NULL",
        "Academy sponsor UID": str(trust.code) if trust and sponsored else "NULL",
        "Academy Sponsor Name": trust.name if trust and sponsored else "NULL",
        "The income deprivation affecting children index (IDACI) quintile": quintile,
        "Total number of pupils": str(school.pupils) if school.pupils is not None else "NULL",
        "Statutory lowest age": str(school.band.low),
        "Statutory highest age": str(school.band.high),
    }


# Everything at once --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RegistryFiles:
    establishments: Path
    eif_outcomes: Path
    report_card_outcomes: Path
    links: Path


def write_registry_files(
    directory: Path | str, *, seed: int, count: int, as_of: date = AS_OF, reserved_urns: Collection[int] = ()
) -> RegistryFiles:
    """Generate `count` establishments and their inspection history from `seed`, and write the four files
    fairinspect imports (establishments, EIF-era and report-card-era outcomes, links) into `directory`.
    No establishment gets one of `reserved_urns`."""
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    schools = generate_schools(rng, count, as_of=as_of, reserved_urns=reserved_urns)
    outcomes = generate_outcomes(rng, schools, as_of=as_of)
    files = RegistryFiles(
        establishments=directory / "edubasealldata.csv",
        eif_outcomes=directory / "inspection_outcomes_eif.csv",
        report_card_outcomes=directory / "inspection_outcomes_report_cards.csv",
        links=directory / "links_edubasealldata.csv",
    )
    write_gias_csv(files.establishments, schools)
    write_outcomes_csv(files.eif_outcomes, outcomes, framework=EIF)
    write_outcomes_csv(files.report_card_outcomes, outcomes, framework=REPORT_CARD)
    write_links_csv(files.links, schools)
    return files
