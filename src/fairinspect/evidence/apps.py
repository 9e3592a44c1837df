from django.apps import AppConfig


class EvidenceConfig(AppConfig):
    name = "fairinspect.evidence"
    label = "evidence"
    verbose_name = "Evidence written on site"

    def ready(self):
        from fairinspect.audit.actions import event_names
        from fairinspect.evidence.models import EvidenceEvent

        event_names.register(EvidenceEvent)
