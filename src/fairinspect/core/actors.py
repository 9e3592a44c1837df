"""Who makes a change: the signed-in user acting, or None when the system acts (an import or a command run
from the command line, the demo's loader). Every service takes one as `actor`, checks what it may do through
the permission registry and records it in the audit trail."""

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    # Only for the type: the user model can be imported only once the apps are loaded.
    from django.contrib.auth.models import User

type Actor = User | None
