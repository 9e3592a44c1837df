"""The changes of an inspection's life, by topic (DOMAIN.md §4): each public function is one service, in a
durable transaction of its own, that takes one action through `inspections.lifecycle.transition` and writes
its audit event, queueing its emails for after the commit."""

from fairinspect.inspections.services.deferrals import (
    create_blanket_offer,
    decide_deferral,
    defer_inspection,
    request_deferral,
    withdraw_blanket_offer,
)
from fairinspect.inspections.services.halts import halt_inspections, lift_halt
from fairinspect.inspections.services.notice import notify_school, start_inspection
from fairinspect.inspections.services.pauses import confirm_pause, pause_inspection, resume_inspection
from fairinspect.inspections.services.planning import (
    Assignment,
    assign_inspector,
    assign_inspectors,
    cancel_inspection,
    plan_inspection,
    replan_inspection,
    unassign_inspector,
)

__all__ = [
    "Assignment", "assign_inspector", "assign_inspectors", "cancel_inspection", "confirm_pause",
    "create_blanket_offer", "decide_deferral", "defer_inspection", "halt_inspections", "lift_halt", "notify_school",
    "pause_inspection", "plan_inspection", "replan_inspection", "request_deferral", "resume_inspection",
    "start_inspection", "unassign_inspector", "withdraw_blanket_offer",
]  # fmt: skip
