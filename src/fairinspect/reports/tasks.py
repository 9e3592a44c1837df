"""A published version's PDF, made by the task worker after the publication commits, never on a request's path.
A second run of the task (a worker that died mid-task) finds the file made and does nothing."""

from django.core.files.base import ContentFile
from django.tasks import task


@task
def make_report_pdf(version_id: int) -> str:
    """Make the version's PDF; return the stored file's name."""
    from fairinspect.reports.models import ReportVersion
    from fairinspect.reports.pdf import render_card_pdf
    from fairinspect.reports.selectors import card_history

    version = ReportVersion.objects.select_related("report__inspection__school").get(pk=version_id)
    if version.pdf:
        return str(version.pdf.name)
    pdf = render_card_pdf(version.content, version_number=version.number, history=card_history(version))
    version.pdf.save(f"{version.report.inspection_number}-v{version.number}.pdf", ContentFile(pdf), save=False)
    name = str(version.pdf.name)
    ReportVersion.objects.filter(pk=version.pk, pdf="").update(pdf=name)
    return name
