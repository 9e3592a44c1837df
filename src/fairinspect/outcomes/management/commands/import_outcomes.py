from fairinspect.core.import_command import ImportCommand
from fairinspect.outcomes.services import import_outcomes


class Command(ImportCommand):
    help = (
        "Import published inspection outcomes from the inspectorate's in-year management-information CSV of "
        "state-funded school inspections (EIF or report-card layout, told apart by the header)."
    )
    import_service = import_outcomes
