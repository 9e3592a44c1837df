"""The same seed on the same day gives the same data; another seed gives other data."""

import hashlib
import json

import pytest
from django.contrib.auth import get_user_model

from fairinspect.inspections.models import BlanketDeferralOffer, DeferralRequest, Inspection, Pause, TeamMember
from fairinspect.outcomes.models import HistoricOutcome
from fairinspect.schools.models import LocalAuthority, School, SchoolLink, Trust
from fairinspect.workforce.models import DeclaredConflict, Inspector, SchoolWorkedAt, TrainingRecord, Unavailability
from tests.transactions import rolled_back
from tests.demo.conftest import LOADED_AT, SCHOOLS, SEED, load_keeping_tasks

pytestmark = pytest.mark.django_db

# Every row the demo makes, by natural keys (URNs, references, usernames), never by database ids, which
# differ between two databases (PostgreSQL's sequences do not roll back).
CONTENT = {
    School: ([field.attname for field in School._meta.concrete_fields], ["urn"]),
    LocalAuthority: (["code", "name", "region"], ["code"]),
    Trust: (["code", "name"], ["code"]),
    # A report card's inspection number is made from its inspection's id when it is published (FI00000123), so the
    # record is compared by school and dates instead (a school has one inspection starting on a day).
    HistoricOutcome: (
        [
            field.attname
            for field in HistoricOutcome._meta.concrete_fields
            if field.attname not in ("id", "framework_id", "inspection_number")
        ]
        + ["framework__code"],
        ["urn", "start_date"],
    ),
    SchoolLink: (["urn", "linked_urn", "link_type", "established_date"], ["urn", "linked_urn", "link_type"]),
    get_user_model(): (["username", "first_name", "last_name", "email", "groups__name"], ["username", "groups__name"]),
    Inspector: (
        ["reference", "user__username", "kind", "own_school_id", "home_easting", "home_northing", "phases",
         "load_cap_per_term", "last_worked_as_hmi_on", "withdrawn_on", "withdrawal_reason"],
        ["reference"],
    ),  # fmt: skip
    TrainingRecord: (["inspector__reference", "course__code", "completed_on", "expires_on"], ["inspector__reference", "course__code", "completed_on"]),
    Unavailability: (["inspector__reference", "starts_on", "ends_on", "reason"], ["inspector__reference", "starts_on"]),
    DeclaredConflict: (["inspector__reference", "school_id", "trust_id", "reason", "declared_on"], ["inspector__reference", "reason"]),
    SchoolWorkedAt: (["inspector__reference", "school_id", "started_on", "left_on"], ["inspector__reference", "started_on"]),
    Inspection: (
        ["school_id", "framework__code", "kind", "state", "starts_on", "ends_on", "school_told_at", "started_at"],
        ["school_id", "starts_on"],
    ),
    TeamMember: (["inspection__school_id", "inspector__reference", "is_lead"], ["inspection__school_id", "inspector__reference"]),
    DeferralRequest: (
        ["inspection__school_id", "requested_by__username", "ground", "details", "requested_at", "decide_by",
         "decision", "decided_by__username", "decided_at", "decision_reason", "granted_by_offer__description"],
        ["inspection__school_id", "requested_at"],
    ),  # fmt: skip
    Pause: (
        ["inspection__school_id", "ground", "paused_by", "requested_by__username", "started_at", "until",
         "confirmed_by__username", "confirmed_at", "ended_at", "ending"],
        ["inspection__school_id", "started_at"],
    ),  # fmt: skip
    BlanketDeferralOffer: (["ground", "starts_on", "ends_on", "description", "created_by__username"], ["starts_on"]),
}


def digest_of_a_fresh_load(seed: int) -> tuple[str, dict[str, int]]:
    """Load the demo into the empty test database, digest every row it made, and roll it all back."""
    with rolled_back():
        load_keeping_tasks(seed=seed, schools=SCHOOLS, now=LOADED_AT)
        content = {
            model._meta.label: list(model.objects.order_by(*ordering).values_list(*fields))
            for model, (fields, ordering) in CONTENT.items()
        }
    serialised = json.dumps(content, sort_keys=True, default=str)
    return hashlib.sha256(serialised.encode()).hexdigest(), {label: len(rows) for label, rows in content.items()}


def test_the_same_seed_on_the_same_day_gives_the_same_data_and_another_seed_other_data():
    digest, sizes = digest_of_a_fresh_load(SEED)
    assert all(sizes.values()), f"the demo made none of some rows: {sizes}"
    assert digest_of_a_fresh_load(SEED) == (digest, sizes)
    assert digest_of_a_fresh_load(SEED + 1)[0] != digest
