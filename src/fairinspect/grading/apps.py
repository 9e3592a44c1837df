from django.apps import AppConfig


class GradingConfig(AppConfig):
    name = "fairinspect.grading"
    label = "grading"
    verbose_name = "Grades that follow from evidence"

    def ready(self):
        from fairinspect.audit.actions import event_names
        from fairinspect.grading.models import GradingEvent
        from fairinspect.grading.selectors import grades_not_ready
        from fairinspect.inspections import lifecycle

        from fairinspect.grading.selectors import gives_feedback, reads_grading_of, sees_provisional_outcome
        from fairinspect.inspections.selectors import InspectionPage, inspection_pages

        event_names.register(GradingEvent)
        lifecycle.grades_not_ready.provide(grades_not_ready)
        inspection_pages.register(
            InspectionPage("Grades", "grading:sheet", reads_grading_of),
            InspectionPage("Give the final feedback", "grading:feedback", gives_feedback),
            InspectionPage("Provisional outcome", "grading:provisional", sees_provisional_outcome),
        )
