"""The `fairinspect` command: Django's manage.py with the settings preset."""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fairinspect.settings")
    if sys.argv[1:2] == ["demo"]:
        # The demo is a developer's machine: debug pages, no secret to set, emails printed to the console.
        os.environ.setdefault("DEBUG", "1")
        os.environ.setdefault("FAIRINSPECT_DEMO", "1")
        os.environ.setdefault("EMAIL_BACKEND", "fairinspect.core.email.ReadableConsoleBackend")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
