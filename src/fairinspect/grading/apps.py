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

        event_names.register(GradingEvent)
        lifecycle.grades_not_ready.provide(grades_not_ready)
