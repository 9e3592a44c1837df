"""The analytics pages: aggregate figures only, each chart beside a table of the same figures."""

from django.http import Http404
from django.shortcuts import render

from fairinspect.accounts.decorators import allowed_if
from fairinspect.accounts.permissions import SEE_ANALYTICS
from fairinspect.analytics import charts, selectors
from fairinspect.analytics.forms import FrameworkForm, GradesForm
from fairinspect.analytics.opendata import downloads
from fairinspect.survey.selectors import MIN_GROUP, comments_of, results


def _page(request, template: str, title: str, **context):
    return render(request, f"analytics/{template}", {"page_title": title, "freshness": selectors.freshness(), **context})


def _framework(form):
    """The framework the form chose, or the newest one."""
    frameworks = selectors.frameworks_with_grades()
    if not frameworks:
        raise Http404("No graded framework is loaded")
    code = form.cleaned_data.get("framework") if form.is_valid() else ""
    return next((f for f in frameworks if f.code == code), frameworks[0])


@allowed_if(SEE_ANALYTICS)
def index(request):
    return _page(request, "index.html", "Fairness and timeliness figures")


@allowed_if(SEE_ANALYTICS)
def grades(request):
    form = GradesForm(request.GET)
    framework = _framework(form)
    by = (form.cleaned_data.get("by") if form.is_valid() else "") or "phase"
    source = (form.cleaned_data.get("source") if form.is_valid() else "") or ""
    distribution = selectors.grade_distribution(framework, by, source)
    drawn = [
        (area, charts.stacked_bars(f"{area.area} by {selectors.DIMENSIONS[by].lower()}", distribution.grades, area.rows))
        for area in distribution.areas
    ]
    return _page(request, "grades.html", "Grades by area and school context", form=form, distribution=distribution,
                 drawn=drawn, dimension=selectors.DIMENSIONS[by])  # fmt: skip


@allowed_if(SEE_ANALYTICS)
def consistency(request):
    form = FrameworkForm(request.GET)
    framework = _framework(form)
    estimate = selectors.lead_consistency(framework)
    chart = charts.intervals(
        "Each lead's shrunk difference from what their schools' context predicts",
        [(lead.lead_code, lead.shrunk, lead.low, lead.high, lead.named) for lead in estimate.leads],
    )
    agreement = selectors.proposal_agreement(framework)
    agreement_chart = charts.columns("Team members' proposed grades against the confirmed grade",
                                     [(words, number) for words, number in agreement.by_difference])  # fmt: skip
    return _page(request, "consistency.html", "Consistency between lead inspectors", form=form, framework=framework,
                 estimate=estimate, chart=chart, agreement=agreement, agreement_chart=agreement_chart)  # fmt: skip


@allowed_if(SEE_ANALYTICS)
def timeliness(request):
    figures = selectors.timeliness()
    chart = charts.columns(
        "Mean working days from the last day on site to publication, by month",
        [(row.label, row.mean_working_days) for row in figures.by_month],
        line=figures.target, line_label=f"Target: {figures.target} working days",
    )  # fmt: skip
    return _page(request, "timeliness.html", "Time to publish reports", figures=figures, chart=chart,
                 fewest_to_count_complaint_waits=selectors.FEWEST_TO_COUNT_COMPLAINT_WAITS)  # fmt: skip


@allowed_if(SEE_ANALYTICS)
def rates(request):
    rows = selectors.rates_by_month()
    chart = charts.columns("Inspections paused, per 100 inspections, by month",
                           [(row.month, row.share(row.pauses)) for row in rows], unit="%")  # fmt: skip
    complaints_chart = charts.columns("Complaints made, per 100 inspections, by month",
                                      [(row.month, row.share(row.complaints)) for row in rows], unit="%")  # fmt: skip
    return _page(request, "rates.html", "Deferrals, pauses, concerns and complaints by month", rows=rows, chart=chart,
                 complaints_chart=complaints_chart)  # fmt: skip


@allowed_if(SEE_ANALYTICS)
def survey(request):
    figures = results()
    drawn = []
    if figures.total:
        for index, question in enumerate(figures.total.questions):
            rows = [(group.label, [number for _, number in group.questions[index].answers]) for group in figures.groups]
            drawn.append((question, charts.stacked_bars(question.question, [label for label, _ in question.answers], rows)))
    return _page(request, "survey.html", "What schools say about their inspection", figures=figures, drawn=drawn,
                 min_group=MIN_GROUP, comments=comments_of(request.user, figures))  # fmt: skip


def opendata(request):
    """Open to everyone: what the open data holds and where to download it."""
    return render(
        request, "analytics/opendata.html", {"page_title": "Open data: published inspections", "downloads": downloads}
    )
