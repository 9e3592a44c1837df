"""The published formats of Get Information about Schools (GIAS): what the importers read and the
generator writes, in one place.

Codes listed here are the ones the registry derives something from (and so validates); every other
categorical column is stored, or ignored, as published.
"""

# The header of a current establishment export (edubasealldata, since 22 April 2025): 135 columns, no
# Ofsted columns. Older exports differ (e.g. 2018: OfstedLastInsp, OfstedRating (name), RSCRegion (name),
# InspectorateName (name) where this says BSOInspectorateName (name)); the importer reads columns by name.
ESTABLISHMENT_COLUMNS = (
    "URN",
    "LA (code)",
    "LA (name)",
    "EstablishmentNumber",
    "EstablishmentName",
    "TypeOfEstablishment (code)",
    "TypeOfEstablishment (name)",
    "EstablishmentTypeGroup (code)",
    "EstablishmentTypeGroup (name)",
    "EstablishmentStatus (code)",
    "EstablishmentStatus (name)",
    "ReasonEstablishmentOpened (code)",
    "ReasonEstablishmentOpened (name)",
    "OpenDate",
    "ReasonEstablishmentClosed (code)",
    "ReasonEstablishmentClosed (name)",
    "CloseDate",
    "PhaseOfEducation (code)",
    "PhaseOfEducation (name)",
    "StatutoryLowAge",
    "StatutoryHighAge",
    "Boarders (code)",
    "Boarders (name)",
    "NurseryProvision (name)",
    "OfficialSixthForm (code)",
    "OfficialSixthForm (name)",
    "Gender (code)",
    "Gender (name)",
    "ReligiousCharacter (code)",
    "ReligiousCharacter (name)",
    "ReligiousEthos (name)",
    "Diocese (code)",
    "Diocese (name)",
    "AdmissionsPolicy (code)",
    "AdmissionsPolicy (name)",
    "SchoolCapacity",
    "SpecialClasses (code)",
    "SpecialClasses (name)",
    "CensusDate",
    "NumberOfPupils",
    "NumberOfBoys",
    "NumberOfGirls",
    "PercentageFSM",
    "TrustSchoolFlag (code)",
    "TrustSchoolFlag (name)",
    "Trusts (code)",
    "Trusts (name)",
    "SchoolSponsorFlag (name)",
    "SchoolSponsors (name)",
    "FederationFlag (name)",
    "Federations (code)",
    "Federations (name)",
    "UKPRN",
    "FEHEIdentifier",
    "FurtherEducationType (name)",
    "LastChangedDate",
    "Street",
    "Locality",
    "Address3",
    "Town",
    "County (name)",
    "Postcode",
    "SchoolWebsite",
    "TelephoneNum",
    "HeadTitle (name)",
    "HeadFirstName",
    "HeadLastName",
    "HeadPreferredJobTitle",
    "BSOInspectorateName (name)",
    "InspectorateReport",
    "DateOfLastInspectionVisit",
    "NextInspectionVisit",
    "TeenMoth (name)",
    "TeenMothPlaces",
    "CCF (name)",
    "SENPRU (name)",
    "EBD (name)",
    "PlacesPRU",
    "FTProv (name)",
    "EdByOther (name)",
    "Section41Approved (name)",
    *(f"SEN{number} (name)" for number in range(1, 14)),
    "TypeOfResourcedProvision (name)",
    "ResourcedProvisionOnRoll",
    "ResourcedProvisionCapacity",
    "SenUnitOnRoll",
    "SenUnitCapacity",
    "GOR (code)",
    "GOR (name)",
    "DistrictAdministrative (code)",
    "DistrictAdministrative (name)",
    "AdministrativeWard (code)",
    "AdministrativeWard (name)",
    "ParliamentaryConstituency (code)",
    "ParliamentaryConstituency (name)",
    "UrbanRural (code)",
    "UrbanRural (name)",
    "GSSLACode (name)",
    "Easting",
    "Northing",
    "MSOA (name)",
    "LSOA (name)",
    "InspectorateName (name)",
    "SENStat",
    "SENNoStat",
    "BoardingEstablishment (name)",
    "PropsName",
    "PreviousLA (code)",
    "PreviousLA (name)",
    "PreviousEstablishmentNumber",
    "Country (name)",
    "UPRN",
    "SiteName",
    "QABName (code)",
    "QABName (name)",
    "EstablishmentAccredited (code)",
    "EstablishmentAccredited (name)",
    "QABReport",
    "CHNumber",
    "MSOA (code)",
    "LSOA (code)",
    "FSM",
    "AccreditationExpiryDate",
)

# GIAS writes these unquoted (numbers); every other cell is quoted, blanks included.
UNQUOTED_COLUMNS = frozenset(
    {"URN", "StatutoryLowAge", "StatutoryHighAge", "SchoolCapacity", "UKPRN", "Easting", "Northing"}
)

# Dates in establishment and links exports.
DATE_FORMAT = "%d-%m-%Y"

OPEN, CLOSED, OPEN_BUT_PROPOSED_TO_CLOSE, PROPOSED_TO_OPEN = 1, 2, 3, 4
ESTABLISHMENT_STATUS = {
    OPEN: "Open",
    CLOSED: "Closed",
    OPEN_BUT_PROPOSED_TO_CLOSE: "Open, but proposed to close",
    PROPOSED_TO_OPEN: "Proposed to open",
}
# The statuses of a school that is open now (one proposed to close has a close date, in the future).
OPEN_STATUSES = (OPEN, OPEN_BUT_PROPOSED_TO_CLOSE)

PHASE_OF_EDUCATION = {
    0: "Not applicable",
    1: "Nursery",
    2: "Primary",
    3: "Middle deemed primary",
    4: "Secondary",
    5: "Middle deemed secondary",
    6: "16 plus",
    7: "All-through",
}

HAS_SIXTH_FORM = 1
OFFICIAL_SIXTH_FORM = {0: "Not applicable", HAS_SIXTH_FORM: "Has a sixth form", 2: "Does not have a sixth form", 9: "Not recorded"}

HAS_NURSERY_CLASSES = "Has Nursery Classes"
NURSERY_PROVISION = (HAS_NURSERY_CLASSES, "No Nursery Classes", "Not applicable", "Not recorded")

# The oldest pupils a school can take and still have early years (nursery or reception) provision.
EARLY_YEARS_MAX_LOW_AGE = 4

# PercentageFSM holds this where the figure is suppressed to protect small numbers of pupils.
SUPPRESSED = "SUPP"

# The links export (links_edubasealldata).
LINK_COLUMNS = ("URN", "LinkURN", "LinkName", "LinkType", "LinkEstablishedDate")
PREDECESSOR = "Predecessor"
SUCCESSOR = "Successor"


# GIAS's phases of education as a person would say them. "Not applicable" is GIAS's placeholder for establishments
# that have no phase (special schools, pupil referral units, most independent schools): their type says what they
# are. A middle school is "deemed" primary or secondary for the statistics the Department counts it in.
PHASE_WORDS = {
    "not applicable": "",
    "middle deemed primary": "Middle school (counted as primary)",
    "middle deemed secondary": "Middle school (counted as secondary)",
    "16 plus": "16 to 19",
    "all through": "All-through",
    "all-through": "All-through",
}


def phase_in_words(phase_name: str) -> str:
    """A GIAS phase of education in words, or "" when GIAS says the establishment has none."""
    return PHASE_WORDS.get(" ".join(phase_name.split()).casefold(), phase_name)
