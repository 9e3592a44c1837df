from fairinspect.core.import_command import ImportCommand
from fairinspect.workforce.services import import_inspectors


class Command(ImportCommand):
    help = (
        "Create or update inspectors and their accounts from a CSV file (columns: Reference, Username, First name, "
        "Last name, Email, Kind, Phases, Load cap per term; optionally Own school URN, Home easting, Home northing, "
        "Last worked as HMI on, a date), matched by Reference."
    )
    import_service = import_inspectors
