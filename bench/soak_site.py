"""The settings `bench/soak.py` serves and runs the task worker with: those of bench/public_pages.py (fairinspect's
own, with the bare view), a mailer that writes down every message it is given, and the demo's clock.

- `RecordingMailer` appends one line per message (its Message-ID, the same for every run of one email task) to
  SOAK_MAIL_LOG, written and flushed before it returns, as a mail server would have taken it: a message written
  there twice was sent twice.
- The soak's data is the demo's, built for the demo's day (the next working day on a weekend or bank holiday), so
  the services read the demo's clock (`fairinspect.demo.clock.demo_now`) here too, as `fairinspect demo` does."""

import json
import os

from django.apps import AppConfig
from django.core.mail.backends.base import BaseEmailBackend

from bare_site import *  # noqa: F403

INSTALLED_APPS = [*INSTALLED_APPS, "soak_site.DemoClock"]  # noqa: F405
MAILERS = {"default": {"BACKEND": "soak_site.RecordingMailer"}}


class RecordingMailer(BaseEmailBackend):
    def send_messages(self, email_messages) -> int:
        with open(os.environ["SOAK_MAIL_LOG"], "a", encoding="utf-8") as log:
            for message in email_messages:
                log.write(json.dumps({"message_id": message.extra_headers.get("Message-ID"), "to": message.to}) + "\n")
            log.flush()
            os.fsync(log.fileno())
        return len(email_messages)


class DemoClock(AppConfig):
    name = "soak_site"
    label = "soak_clock"

    def ready(self) -> None:
        from fairinspect.core import working_days
        from fairinspect.demo.clock import demo_now

        working_days.now = demo_now
