"""The secret keys that seal the audit trail, kept outside the database.

Each event's seal is an HMAC-SHA256, under one of these keys, of its content and the seal of the event before
it. Whoever can write to the database but does not hold a key can neither alter an event nor append one without
`verify_audit` naming it. Each event records the id of the key that sealed it, so keys can be rotated: the first
key of AUDIT_KEYS seals new events, and retired keys stay listed after it so that the events they sealed still
verify.
"""

import functools
import hashlib
import hmac
import json
import os
import secrets
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

# The id of the key a DEBUG run without AUDIT_KEYS makes for itself, in AUDIT_KEY_FILE.
LOCAL_KEY_ID = "local"


class UnknownAuditKey(Exception):
    """An event or checkpoint names a key that AUDIT_KEYS does not hold."""

    def __init__(self, key_id: str):
        super().__init__(
            f"it is sealed with the key {key_id!r}, which AUDIT_KEYS does not hold "
            "(a retired key must stay listed after the current one for what it sealed to verify)"
        )
        self.key_id = key_id


def audit_keys() -> dict[str, bytes]:
    """{id: secret}, the key that seals new events first."""
    return settings.AUDIT_KEYS or _local_keys(Path(settings.AUDIT_KEY_FILE))


def current_key_id() -> str:
    return next(iter(audit_keys()))


def seal(key_id: str, content: dict[str, Any]) -> str:
    """The HMAC-SHA256 of `content` (as canonical JSON) under the key `key_id`, in hex."""
    key = audit_keys().get(key_id)
    if key is None:
        raise UnknownAuditKey(key_id)
    canonical = json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hmac.new(key, canonical.encode("utf-8"), hashlib.sha256).hexdigest()


@functools.cache
def _local_keys(path: Path) -> dict[str, bytes]:
    """The key in `path`, made there on first use. Made in a file of its own and linked into place, which fails
    if another process (the demo's task worker, say) made the key first: then that one is used."""
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        draft = path.with_name(f"{path.name}.{os.getpid()}.new")
        draft.touch(mode=0o600)
        draft.write_text(secrets.token_urlsafe(48) + "\n")
        try:
            os.link(draft, path)
        except FileExistsError:
            pass
        finally:
            draft.unlink()
    secret = path.read_text().strip()
    if len(secret) < settings.AUDIT_SECRET_MIN_LENGTH:
        raise ImproperlyConfigured(
            f"{path} holds a key of {len(secret)} characters, too short to seal the audit trail: it was not made "
            "by fairinspect. Restore the key it made, or set AUDIT_KEYS."
        )
    return {LOCAL_KEY_ID: secret.encode()}
