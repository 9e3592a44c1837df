"""The audit trail: an append-only, sealed chain of every decision (DOMAIN.md §8).

Each event's hash is an HMAC, under a secret key kept outside the database (audit.keys), of its own content
and the previous event's hash, so altering, removing, reordering or forging any event breaks the chain from
that point on, and no one without the key can mend it; `fairinspect verify_audit` finds the first broken link.
The single `AuditChainHead` row holds the newest sequence number and hash: appends lock it, which serialises
them, and it lets verification notice events removed from the end. Someone who can write to the database can
still remove events from the end and set the head back to match; signed checkpoints of the head, kept outside
the database (`fairinspect audit_checkpoint`), are what catch that.
"""

from django.conf import settings
from django.db import models

from fairinspect.audit import keys

GENESIS_HASH = "0" * 64


class AppendOnlyError(Exception):
    """Raised when code tries to change or remove an audit event."""


class AuditTrailTampered(Exception):
    """Raised instead of recording an event when the trail holds rows that were not appended through it."""


class AuditEventQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnlyError("audit events are append-only: they cannot be updated")

    def delete(self):
        raise AppendOnlyError("audit events are append-only: they cannot be deleted")


class AuditEvent(models.Model):
    sequence = models.PositiveBigIntegerField(unique=True)
    occurred_at = models.DateTimeField()
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    actor_label = models.CharField(max_length=150, help_text="Who acted, as they were known then.")
    action = models.CharField(max_length=100, db_index=True)
    object_type = models.CharField(max_length=100)
    object_id = models.CharField(max_length=64)
    before = models.JSONField(null=True, blank=True)
    after = models.JSONField(null=True, blank=True)
    reason = models.TextField(blank=True)
    previous_hash = models.CharField(max_length=64)
    key_id = models.CharField(max_length=32, help_text="The AUDIT_KEYS key whose HMAC is the hash.")
    hash = models.CharField(max_length=64, unique=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        ordering = ["sequence"]
        indexes = [models.Index(fields=["object_type", "object_id", "sequence"], name="audit_event_object")]
        constraints = [models.CheckConstraint(condition=models.Q(sequence__gte=1), name="audit_sequence_positive")]

    def __str__(self):
        return f"#{self.sequence} {self.action} {self.object_type}:{self.object_id} by {self.actor_label}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AppendOnlyError("audit events are append-only: they cannot be updated")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("audit events are append-only: they cannot be deleted")

    def hashed_content(self) -> dict:
        return {
            "sequence": self.sequence,
            "occurred_at": self.occurred_at.isoformat(),
            "actor_id": self.actor_id,
            "actor_label": self.actor_label,
            "action": self.action,
            "object_type": self.object_type,
            "object_id": self.object_id,
            "before": self.before,
            "after": self.after,
            "reason": self.reason,
            "previous_hash": self.previous_hash,
            "key_id": self.key_id,
        }

    def compute_hash(self) -> str:
        """The event's seal under its key; raises keys.UnknownAuditKey for a key AUDIT_KEYS does not hold."""
        return keys.seal(self.key_id, self.hashed_content())


class AuditChainHead(models.Model):
    """The one row naming the newest event. Its row lock is what serialises appends."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    sequence = models.PositiveBigIntegerField(default=0)
    hash = models.CharField(max_length=64, default=GENESIS_HASH)

    class Meta:
        constraints = [models.CheckConstraint(condition=models.Q(id=1), name="audit_chain_head_is_singleton")]
