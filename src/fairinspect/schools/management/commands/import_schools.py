from fairinspect.core.import_command import ImportCommand
from fairinspect.schools.services import import_schools


class Command(ImportCommand):
    help = (
        "Import schools, local authorities and trusts from a GIAS establishment export (edubasealldata CSV, "
        "Windows-1252 or UTF-8). Schools are matched by URN; importing the same file again changes nothing."
    )
    import_service = import_schools
