from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "fairinspect.audit"
    label = "audit"
    verbose_name = "Audit trail"
