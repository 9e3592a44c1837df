"""Two editors of one area at the same moment, on PostgreSQL with real row locks: both opened it at the same
version, so exactly one writes and the other is told what changed; nothing is silently overwritten."""

import pytest

from fairinspect.frameworks.models import Area
from fairinspect.grading import services
from fairinspect.grading.models import AreaGrade
from fairinspect.grading.services import EditConflict, Judgement
from fairinspect.inspections.models import State
from tests.grading.factories import lead_user, write_records
from tests.inspections.test_races import race

pytestmark = [pytest.mark.postgres_only, pytest.mark.django_db(transaction=True)]


def test_two_editors_at_once_one_writes_and_the_other_sees_what_changed(make_inspection):
    inspection = make_inspection(State.ON_SITE)
    cites = tuple(write_records(inspection, Area.objects.get(framework=inspection.framework, code="inclusion"), 2))
    lead = lead_user(inspection)
    # A first judgement, so both editors open a stored area at version 1.
    services.judge_area(actor=lead, inspection=inspection, area_code="inclusion", version=0,
                        judgements={"inc-u1": Judgement(False, cites)})  # fmt: skip
    for round_number in range(3):
        version = AreaGrade.objects.get(inspection=inspection, area__code="inclusion").version
        outcomes = race(*[
            lambda holds=holds: services.judge_area(
                actor=lead, inspection=inspection, area_code="inclusion", version=version,
                judgements={"inc-n1": Judgement(holds, cites)},
            )
            for holds in (True, False)
        ])  # fmt: skip
        assert outcomes.count("won") == 1, outcomes
        (refusal,) = [outcome for outcome in outcomes if outcome != "won"]
        assert isinstance(refusal, EditConflict) and "after you opened it: inc-n1 is now" in refusal.message
        assert AreaGrade.objects.get(inspection=inspection, area__code="inclusion").version == version + 1
