"""A complaint against the reports app's real publication: the hold refuses publishing, saying why, until the
complaint is decided; the complaint window counts from the day the report was published."""

import pytest

from fairinspect.complaints import selectors, services
from fairinspect.complaints.models import Outcome
from fairinspect.core import working_days
from fairinspect.core.errors import WrongState
from fairinspect.inspections.models import State
from fairinspect.reports import services as reports
from fairinspect.reports.selectors import publication_date
from tests.refusals import refused

pytestmark = pytest.mark.django_db


def test_a_complaint_soon_after_on_site_work_holds_publication_until_decided(report_at, quality_assurer, officer):
    inspection, school_user = report_at("quality_assurance")
    complaint = services.make_complaint(actor=school_user, inspection=inspection, grounds="The grades ignore our data.")
    assert complaint.holds_publication
    with refused(WrongState, "Publication is on hold: A complaint made on .* holds publication until the complaints team"):
        reports.publish_report(actor=quality_assurer, inspection=inspection)
    services.decide_complaint(actor=officer, complaint=complaint, outcome=Outcome.NOT_UPHELD, reason="The evidence holds.")
    reports.publish_report(actor=quality_assurer, inspection=inspection)
    inspection.refresh_from_db()
    assert inspection.state == State.PUBLISHED


def test_a_released_hold_lets_the_report_be_published(report_at, quality_assurer, officer):
    inspection, school_user = report_at("quality_assurance")
    complaint = services.make_complaint(actor=school_user, inspection=inspection, grounds="Unfair.")
    services.release_hold(actor=officer, complaint=complaint, reason="It is about the feedback meeting only.")
    reports.publish_report(actor=quality_assurer, inspection=inspection)


def test_the_window_counts_from_the_real_publication(report_at, clock):
    inspection, school_user = report_at("published")
    published = publication_date(inspection)
    assert published is not None
    last_day = working_days.add_working_days(published.date(), 10)
    clock.set(last_day)
    assert selectors.complaint_refusal(inspection, last_day) is None
    complaint = services.make_complaint(actor=school_user, inspection=inspection, grounds="Unfair.")
    assert not complaint.holds_publication
    clock.set(working_days.next_working_day(last_day))
    with refused(WrongState, "within 10 working days of the report's publication"):
        services.make_complaint(actor=school_user, inspection=inspection, grounds="Late.")
