from django.apps import AppConfig


class EvidenceConfig(AppConfig):
    name = "fairinspect.evidence"
    label = "evidence"
    verbose_name = "Evidence written on site"

    def ready(self):
        from fairinspect.audit.actions import event_names
        from fairinspect.evidence.models import EvidenceEvent
        from fairinspect.evidence.selectors import reads_evidence_of
        from fairinspect.inspections.selectors import InspectionPage, inspection_pages

        event_names.register(EvidenceEvent)
        inspection_pages.register(InspectionPage("Evidence", "evidence:list", reads_evidence_of))
