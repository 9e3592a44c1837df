"""The inspectorate's published management-information (MI) files of state-funded school inspections.

Only the columns that say which inspection a row is are named here. The grade columns belong to each
framework and are named in its data file (`published_as` of its areas, scale, safeguarding judgement and
overall grade), so a new framework's files are read without a change here.
"""

URN = "URN"
INSPECTION_NUMBER = "Inspection number"
INSPECTION_TYPE = "Inspection type"
TYPE_GROUPING = "Inspection type grouping"
EVENT_TYPE_GROUPING = "Event type grouping"
START_DATE = "Inspection start date"
END_DATE = "Inspection end date"
PUBLICATION_DATE = "Publication date"
CATEGORY_OF_CONCERN = "Category of concern"
# The EIF-era and report-card-era files name the outcome of ungraded and monitoring inspections differently.
UNGRADED_OUTCOME = ("Outcomes for ungraded and monitoring inspections", "Outcomes for legacy monitoring inspections")

# Columns only the "latest inspections" file has (any one tells it apart): one row per open school, with
# its latest inspection of each kind side by side, rather than one row per inspection.
LATEST_INSPECTIONS_MARKER = (
    "Inspection number of latest full inspection",
    "Inspection number of latest OEIF graded inspection",
    "Latest OEIF overall effectiveness",
)

