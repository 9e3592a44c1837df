"""An event recorded in British Summer Time verifies: the seal is made over the time as the database gives it back."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from fairinspect.audit.models import AuditEvent
from fairinspect.audit.selectors import find_chain_break
from fairinspect.audit.services import record_event
from fairinspect.core import working_days


@pytest.mark.django_db
def test_an_event_in_british_summer_time_verifies(monkeypatch):
    monkeypatch.setattr(working_days, "now", lambda: datetime(2026, 7, 1, 9, tzinfo=ZoneInfo("Europe/London")))
    record_event(actor=None, actor_label="test", action="test.summer", object_type="test", object_id="1")
    event = AuditEvent.objects.get(action="test.summer")
    assert event.occurred_at == datetime(2026, 7, 1, 8, tzinfo=ZoneInfo("UTC"))
    assert find_chain_break() is None
