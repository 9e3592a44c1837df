"""A mailer for tests that run the real task worker in a process of its own: it writes each message it accepts
to a file in the folder $TEST_OUTBOX, and holds the first attempt at a message whose subject starts "Hold"
(leaving `<Message-ID>.held`) until the file `<Message-ID>.release` appears, as a mail server that hangs
mid-message does."""

import os
import time
import uuid
from pathlib import Path

from django.core.mail.backends.base import BaseEmailBackend


def message_key(message) -> str:
    return message.extra_headers["Message-ID"].strip("<>")


class RecordingBackend(BaseEmailBackend):
    def send_messages(self, messages):
        outbox = Path(os.environ["TEST_OUTBOX"])
        for message in messages:
            key = message_key(message)
            held = outbox / f"{key}.held"
            if message.subject.startswith("Hold") and not held.exists():
                held.touch()
                while not (outbox / f"{key}.release").exists():
                    time.sleep(0.05)
            (outbox / f"{key}.{uuid.uuid4().hex}.sent").write_text(message.to[0])
        return len(messages)
