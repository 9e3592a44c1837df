"""Evidence on site: who writes it and when, its attachments, and the firewall round a visit's evidence, tried
through every route (page, API endpoint, file URL, export) and through citing it."""

from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.urls import reverse

from fairinspect.accounts.roles import Role
from fairinspect.audit.models import AuditEvent
from fairinspect.core.errors import InvalidRequest, NotPermitted, WrongState
from fairinspect.evidence.models import Attachment, EvidenceRecord
from fairinspect.evidence.services import write_evidence
from fairinspect.grading import services as grading
from fairinspect.inspections import services as inspections
from fairinspect.inspections.models import Kind, State
from tests import factories
from tests.grading.factories import lead_user

PDF = b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def write(inspection, *, actor=None, area="inclusion", **extra):
    return write_evidence(
        actor=actor or lead_user(inspection), inspection=inspection, activity=extra.pop("activity", "lesson-visit"),
        area_code=area, text=extra.pop("text", "Pupils with SEND took a full part in the lesson."), **extra,
    )  # fmt: skip


def test_a_team_member_writes_evidence_on_site_and_the_audit_trail_names_it_without_its_text(make_inspection):
    inspection = make_inspection(State.ON_SITE)
    member = factories.make_inspector()
    scheduler = factories.make_user(Role.SCHEDULER)
    record = write(inspection, criteria=["inc-e1", "inc-e2"])
    assert record.written_by == lead_user(inspection)
    assert sorted(record.criteria.values_list("code", flat=True)) == ["inc-e1", "inc-e2"]
    event = AuditEvent.objects.get(action="evidence.written", object_id=str(record.pk))
    assert "SEND" not in str(event.after) and event.after["area"] == "inclusion"
    with pytest.raises(NotPermitted, match="Only the team of this inspection"):
        write(inspection, actor=member.user)
    with pytest.raises(NotPermitted):
        write(inspection, actor=scheduler)


def test_evidence_is_refused_while_paused_or_halted_saying_why_and_before_on_site_work(make_inspection, clock):
    paused = make_inspection(State.PAUSED)
    with pytest.raises(WrongState, match="paused since .*the pause means stop"):
        write(paused)
    notified = make_inspection(State.NOTIFIED)
    with pytest.raises(WrongState, match="only while the inspection is on site; it is school notified"):
        write(notified)
    on_site = make_inspection(State.ON_SITE)
    inspections.halt_inspections(actor=factories.make_user(Role.ADMINISTRATOR), reason="A national emergency.")
    with pytest.raises(WrongState, match="halted nationally: write no evidence until the halt is lifted"):
        write(on_site)
    assert not EvidenceRecord.objects.exists()


def test_bad_input_is_refused_clearly_and_writes_nothing(make_inspection, clock):
    inspection = make_inspection(State.ON_SITE)
    with pytest.raises(InvalidRequest, match="Choose an area this inspection looks at"):
        write(inspection, area="post-16")  # the school has no sixth form
    with pytest.raises(InvalidRequest, match="Inclusion has no criterion ach-e1"):
        write(inspection, criteria=["ach-e1"])
    with pytest.raises(InvalidRequest, match="6,000 characters or fewer"):
        write(inspection, text="x" * 6001)
    with pytest.raises(InvalidRequest, match="cannot be in the future"):
        write(inspection, observed_at=clock.now + timedelta(hours=1))
    assert not EvidenceRecord.objects.exists()


def test_attachments_are_checked_by_type_and_size_and_stored_through_the_storage_api(make_inspection, settings):
    inspection = make_inspection(State.ON_SITE)
    record = write(inspection, attachments=[ContentFile(PDF, name="lesson plan.pdf"), ContentFile(PNG, name="work.png")])
    stored = list(record.attachments.all())
    assert [(a.name, a.content_type) for a in stored] == [("lesson plan.pdf", "application/pdf"), ("work.png", "image/png")]
    assert default_storage.open(stored[0].file.name).read() == PDF
    assert "lesson plan" not in stored[0].file.name  # stored under a name of ours
    with pytest.raises(InvalidRequest, match=r"run\.pdf cannot be attached: attach a PDF, JPEG or PNG file"):
        write(inspection, attachments=[ContentFile(PDF, name="ok.pdf"), ContentFile(b"MZ\x90\x00", name="run.pdf")])
    with pytest.raises(InvalidRequest, match=r"page\.html cannot be attached"):
        write(inspection, attachments=[ContentFile(b"<html>", name="page.html")])
    settings.FAIRINSPECT = {**settings.FAIRINSPECT, "EVIDENCE_ATTACHMENT_MAX_BYTES": 1024 * 1024}
    with pytest.raises(InvalidRequest, match=r"big\.png is too big: an attachment must be 1 MB or smaller"):
        write(inspection, attachments=[ContentFile(PNG + b"\x00" * 1024 * 1024, name="big.png")])
    assert EvidenceRecord.objects.count() == 1 and Attachment.objects.count() == 2


def test_the_evidence_page_works_without_javascript_as_a_plain_form_with_files(client, make_inspection, clock):
    inspection = make_inspection(State.ON_SITE)
    client.force_login(lead_user(inspection))
    page = client.get(reverse("evidence:list", args=[inspection.pk])).content.decode()
    write_url = reverse("evidence:write", args=[inspection.pk, "inclusion"])
    assert write_url in page
    form = client.get(write_url).content.decode()
    assert 'enctype="multipart/form-data"' in form and "<script" not in form.split("</main>")[0].split("<main")[1]
    response = client.post(write_url, {
        "activity": "work-scrutiny", "criteria": ["inc-e3"], "text": "Books show an ambitious curriculum.",
        "attachments": [ContentFile(PDF, name="books.pdf")],
    })  # fmt: skip
    assert response.status_code == 302
    record = EvidenceRecord.objects.get()
    assert record.attachments.get().name == "books.pdf"
    refused = client.post(write_url, {"activity": "meeting", "text": "", "attachments": []})
    assert refused.status_code == 422 and "Enter what you found" in refused.content.decode()
    client.post(write_url, {"activity": "meeting", "text": "Met the SENCo at 8.", "observed_at": "08:15"})
    written = EvidenceRecord.objects.get(text="Met the SENCo at 8.")
    assert (written.observed_at.astimezone(clock.now.tzinfo).hour, written.observed_at.minute) == (8, 15)
    future = client.post(write_url, {"activity": "meeting", "text": "Later.", "observed_at": "23:59"})
    assert future.status_code == 422 and "cannot be in the future" in future.content.decode()


def test_paused_the_page_says_the_pause_means_stop_and_offers_no_form(client, make_inspection):
    inspection = make_inspection(State.PAUSED)
    client.force_login(lead_user(inspection))
    page = client.get(reverse("evidence:list", args=[inspection.pk])).content.decode()
    assert "the pause means stop" in page
    response = client.post(reverse("evidence:write", args=[inspection.pk, "inclusion"]), {"activity": "meeting", "text": "x"})
    assert response.status_code == 409 and "the pause means stop" in response.content.decode()


@pytest.fixture
def visit_and_later_inspection(make_inspection, clock):
    """A visit with evidence and an attachment, and a later full inspection of the same school by another team."""
    visit = make_inspection(State.ON_SITE, kind=Kind.VISIT)
    record = write(visit, area="return-to-school", text="FIREWALLED visit evidence.", attachments=[ContentFile(PDF, name="v.pdf")])
    later = make_inspection(State.ON_SITE, school=visit.school)
    return visit, record, later


def test_a_visits_evidence_is_firewalled_from_every_other_team_through_every_route(client, visit_and_later_inspection):
    visit, record, later = visit_and_later_inspection
    attachment = record.attachments.get()
    routes = [
        reverse("evidence:list", args=[visit.pk]),                 # page
        reverse("api:inspection-evidence", args=[visit.pk]),       # API endpoint
        reverse("api:evidence-record", args=[record.pk]),          # API endpoint
        reverse("evidence:attachment", args=[attachment.pk]),      # file URL
        reverse("evidence:export", args=[visit.pk]),               # export
    ]  # fmt: skip
    outsiders = [lead_user(later), factories.make_user(Role.QUALITY_ASSURER), factories.make_user(Role.ADMINISTRATOR),
                 factories.make_user(Role.SCHOOL_USER, school=visit.school), factories.make_user(Role.SCHEDULER)]  # fmt: skip
    for outsider in outsiders:
        client.force_login(outsider)
        for route in routes:
            response = client.get(route)
            assert response.status_code == 404, (outsider, route)
            assert b"FIREWALLED" not in response.content
    # The later team's own pages and export do not carry it either.
    client.force_login(lead_user(later))
    for route in (reverse("evidence:list", args=[later.pk]), reverse("evidence:export", args=[later.pk]),
                  reverse("api:inspection-evidence", args=[later.pk])):  # fmt: skip
        assert b"FIREWALLED" not in client.get(route).content
    # The visit's own team reads it through each route.
    client.force_login(lead_user(visit))
    for route in routes:
        assert client.get(route).status_code == 200, route
    assert b"FIREWALLED" in client.get(routes[4]).content


def test_a_visits_evidence_cannot_be_cited_by_a_later_inspection(visit_and_later_inspection):
    visit, record, later = visit_and_later_inspection
    with pytest.raises(InvalidRequest, match=f"only this inspection's evidence about inclusion: {record.pk} is not among it"):
        grading.judge_area(
            actor=lead_user(later), inspection=later, area_code="inclusion", version=0,
            judgements={"inc-u1": grading.Judgement(False, (record.pk,))},
        )  # fmt: skip
    with pytest.raises(InvalidRequest, match=f"{record.pk} is not among it"):
        grading.judge_safeguarding(
            actor=lead_user(later), inspection=later, outcome="met", cites=[record.pk], rationale="x", version=0
        )


def test_quality_assurers_read_a_full_inspections_evidence_but_other_teams_and_schools_do_not(client, make_inspection):
    inspection = make_inspection(State.ON_SITE)
    record = write(inspection, attachments=[ContentFile(PNG, name="w.png")])
    file_url = reverse("evidence:attachment", args=[record.attachments.get().pk])
    client.force_login(factories.make_user(Role.QUALITY_ASSURER))
    response = client.get(file_url)
    assert response.status_code == 200 and response["Cache-Control"] == "private, no-store"
    assert "attachment" in response["Content-Disposition"]
    for outsider in (factories.make_inspector().user, factories.make_user(Role.SCHOOL_USER, school=inspection.school)):
        client.force_login(outsider)
        assert client.get(file_url).status_code == 404
        assert client.get(reverse("api:evidence-record", args=[record.pk])).status_code == 404


def test_the_api_writes_evidence_for_the_team_and_refuses_a_paused_inspection(client, make_inspection):
    inspection = make_inspection(State.ON_SITE)
    client.force_login(lead_user(inspection))
    url = reverse("api:inspection-evidence", args=[inspection.pk])
    body = {"activity": "discussion-with-pupils", "area": "inclusion", "criteria": ["inc-e3"], "text": "Pupils said so."}
    response = client.post(url, body, content_type="application/json")
    assert response.status_code == 201 and response.json()["criteria"] == ["inc-e3"]
    inspections.pause_inspection(actor=lead_user(inspection), inspection=inspection, ground="other")
    refused = client.post(url, body, content_type="application/json")
    assert refused.status_code == 409 and "the pause means stop" in refused.json()["detail"]
