from fairinspect.core.import_command import ImportCommand
from fairinspect.schools.services import import_links


class Command(ImportCommand):
    help = (
        "Import the links between URNs (predecessor, successor, …) from a GIAS links export, so a converted "
        "academy's page shows the history of the school it replaced."
    )
    import_service = import_links
