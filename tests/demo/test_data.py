"""What the demo loads: a sign-in for every role, the real schools, England's mix, inspections in every state,
each walked there through the services, and an audit chain that verifies."""

import io
import random
from collections import Counter

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse

from fairinspect.accounts.roles import Role
from fairinspect.accounts.permissions import roles_of
from fairinspect.audit.selectors import events_for
from fairinspect.core import working_days
from fairinspect.demo import people
from fairinspect.demo.registry import DATA_DIR, REAL_SCHOOLS, real_urns
from fairinspect.inspections.models import Decision, DeferralRequest, Inspection, Kind, Pause, State
from fairinspect.demo import generator
from fairinspect.schools import gias
from fairinspect.outcomes.models import HistoricOutcome
from fairinspect.schools.models import School
from fairinspect.workforce.models import Inspector, InspectorKind, TrainingRecord, Unavailability
from tests.demo.conftest import DEMO_DAY, SEED

pytestmark = pytest.mark.django_db


def test_every_role_has_a_demo_sign_in_that_reaches_its_home(client, demo):
    sign_ins = people.sign_ins()
    users = get_user_model().objects.filter(username__in=[row.username for row in sign_ins])
    assert set().union(*(roles_of(user) for user in users)) == set(Role)
    for row in sign_ins:
        client.post(reverse("accounts:sign-out"))
        response = client.post(reverse("accounts:sign-in"), {"username": row.username, "password": row.password})
        assert response.status_code == 302, f"{row.username} cannot sign in"
        home = client.get(reverse("accounts:home"))
        assert home.status_code == 200 and row.role.split(" (")[0] in home.content.decode()


def test_the_real_schools_are_imported_with_their_attribution_and_no_invented_history(demo):
    real = School.objects.filter(urn__in=real_urns())
    assert sorted(real.values_list("name", flat=True)) == [
        "Saint Francis of Assisi Catholic Primary School",
        "Saint Mary Magdalene Church of England All Through School",
        "St Aloysius RC College",
        "St Thomas' CofE Primary School",
    ]
    assert not HistoricOutcome.objects.filter(urn__in=real_urns()).exists()
    readme = (DATA_DIR / "README.md").read_text()
    assert REAL_SCHOOLS.name in readme
    assert "Contains public sector information licensed under the Open Government Licence v3.0." in readme


def test_generated_schools_never_take_a_real_schools_urn():
    def urns(**reserved) -> set[int]:
        return {school.urn for school in generator.generate_schools(random.Random(SEED), 2000, **reserved)}

    assert urns() & set(real_urns()), "this many generated schools would collide with the real ones"
    assert not urns(reserved_urns=real_urns()) & set(real_urns())


def test_the_registry_has_englands_mix_not_a_uniform_one(demo):
    open_schools = School.objects.open()
    assert open_schools.values("phase_name").distinct().count() >= 5
    assert open_schools.values("region").distinct().count() >= 8
    assert open_schools.values("local_authority").distinct().count() >= 50
    assert School.objects.filter(status_code=gias.CLOSED).count() > open_schools.count() / 3
    grades = Counter(HistoricOutcome.objects.exclude(overall_grade="").values_list("overall_grade", flat=True))
    (commonest, count), *others = grades.most_common()
    assert commonest == "good" and count > sum(grades.values()) / 2 and len(others) >= 2


def test_the_workforce_is_mostly_ofsted_inspectors_some_unavailable_conflicted_lapsed_or_withdrawn(demo):
    kinds = Counter(Inspector.objects.values_list("kind", flat=True))
    assert 0.15 < kinds[InspectorKind.HM_INSPECTOR] / kinds.total() < 0.4
    ofsted_inspectors = Inspector.objects.filter(kind=InspectorKind.OFSTED_INSPECTOR)
    assert not ofsted_inspectors.filter(own_school__isnull=True).exists()
    assert Inspector.objects.filter(withdrawn_on__isnull=False).count() == 1
    assert TrainingRecord.objects.filter(expires_on__lt=DEMO_DAY, course__frameworks__valid_until__isnull=True).exists()
    assert Unavailability.objects.filter(starts_on__gte=DEMO_DAY).exists()
    assert Inspector.objects.filter(declared_conflicts__isnull=False).exists()


def test_inspections_are_in_every_state_the_pages_show_each_reached_through_an_audited_service(demo):
    states = Counter(Inspection.objects.values_list("state", flat=True))
    for state in (State.PLANNED, State.NOTIFIED, State.ON_SITE, State.PAUSED, State.DEFERRED, State.CANCELLED, State.FEEDBACK_GIVEN):
        assert states[state], f"no inspection is {state.label.lower()}"
    kinds = set(Inspection.objects.values_list("kind", flat=True))
    assert {Kind.FULL, Kind.MONITORING, Kind.VISIT, Kind.PILOT} <= kinds
    assert DeferralRequest.objects.filter(decision=Decision.PENDING).count() == 1
    assert DeferralRequest.objects.filter(decision=Decision.GRANTED, granted_by_offer__isnull=False).count() == 1
    assert Pause.objects.filter(ended_at__isnull=True, confirmed_at__isnull=True).count() == 1
    for inspection in Inspection.objects.all():
        history = list(events_for(inspection))
        assert history[0].action == "inspection.planned" and history[-1].after["state"] == inspection.state


def test_the_headteachers_schools_are_due_a_call_today_notified_and_on_site(demo):
    notice = settings.FAIRINSPECT["NOTICE_WORKING_DAYS"]
    to_call, notified, on_site = (
        Inspection.objects.get(school__memberships__user__username=account.username) for account in people.HEADTEACHERS
    )
    assert to_call.state == State.PLANNED and to_call.team.filter(is_lead=True).exists()
    assert working_days.add_working_days(to_call.starts_on, -notice) == DEMO_DAY
    assert notified.state == State.NOTIFIED and notified.starts_on > DEMO_DAY
    assert on_site.state == State.ON_SITE
    # The lead inspector leads another inspection on site, so that both can pause the one they are at.
    led = Inspection.objects.get(state=State.ON_SITE, team__is_lead=True, team__inspector__user__username=people.LEAD_INSPECTOR.username)
    assert led != on_site


def test_the_audit_chain_verifies_after_loading(demo):
    out = io.StringIO()
    call_command("verify_audit", stdout=out)
    assert "audit chain intact" in out.getvalue()


def test_evidence_is_being_written_on_site_and_one_school_has_its_provisional_outcome(demo):
    from fairinspect.evidence.models import EvidenceRecord
    from fairinspect.grading.selectors import outcome_of

    led = Inspection.objects.get(state=State.ON_SITE, team__is_lead=True, team__inspector__user__username=people.LEAD_INSPECTOR.username)
    assert EvidenceRecord.objects.filter(inspection=led).count() >= 3
    fed_back = Inspection.objects.get(school__memberships__user__username=people.HEAD_FEEDBACK.username)
    assert fed_back.state == State.FEEDBACK_GIVEN
    outcome = outcome_of(fed_back)
    assert {area.area.code: area.grade.code for area in outcome.areas}["achievement"] == "needs-attention"
    assert outcome.safeguarding.code == "met" and outcome.category is None
