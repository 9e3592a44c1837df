"""`fairinspect demo`: what `make demo` runs. It never asks anything, so it runs with no terminal at all."""

import signal
import socket
import subprocess
import sys
import time

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.urls import reverse
from django.utils import timezone

from fairinspect.demo import clock, loading, people
from fairinspect.demo.errors import DemoRefused
from fairinspect.frameworks.services import load_frameworks

HOST = "127.0.0.1"


class Command(BaseCommand):
    help = (
        "Set up the database, load the demo data once (realistic schools, inspectors, inspections and an account "
        "for every role), print the sign-ins, and serve the demo on 127.0.0.1 with a worker sending its emails "
        "to this console. Ctrl-C stops both."
    )

    def add_arguments(self, parser):
        parser.add_argument("--port", type=int, default=8000, help="The port to serve on (default 8000).")
        parser.add_argument("--seed", type=int, default=loading.DEFAULT_SEED, help="The seed of the generated data.")
        parser.add_argument(
            "--schools",
            type=int,
            default=loading.DEFAULT_SCHOOLS,
            help="How many establishments to generate, open and closed as GIAS lists them (about half are open).",
        )
        parser.add_argument("--fresh", action="store_true", help="Wipe the demo's SQLite database and load again.")
        parser.add_argument("--no-serve", action="store_true", help="Load and print the sign-ins, then stop.")

    def handle(self, *args, port: int, seed: int, schools: int, fresh: bool, no_serve: bool, **options):
        try:
            self.prepare_database(fresh)
            self.load(seed=seed, schools=schools)
        except DemoRefused as refusal:
            raise CommandError(str(refusal)) from None
        if no_serve:
            self.print_sign_ins(port)
            return
        if not _port_is_free(port):
            raise CommandError(f"Port {port} on {HOST} is in use: choose another with --port.")
        self.serve(port)

    def prepare_database(self, fresh: bool) -> None:
        if fresh:
            loading.wipe_database()
        call_command("migrate", interactive=False, verbosity=0)
        if loading.is_partly_loaded() and loading.is_sqlite():
            self.stdout.write("An earlier load of the demo did not finish: starting again from an empty database.")
            loading.wipe_database()
            call_command("migrate", interactive=False, verbosity=0)
        load_frameworks()

    def load(self, *, seed: int, schools: int) -> None:
        today = clock.demo_date(timezone.localdate())
        if loading.is_loaded():
            self.stdout.write("The demo data is already loaded (--fresh loads it again).")
            if loading.loaded_for() != today:
                self.stdout.write(
                    self.style.WARNING(
                        "It was built for an earlier day, so the inspection that was due to be called then is not "
                        "due today: run `fairinspect demo --fresh` to build it for today."
                    )
                )
        else:
            self.stdout.write(f"Loading the demo data (seed {seed}, {schools:,} establishments)…")
            started = time.perf_counter()
            loading.load_demo(
                seed=seed, schools=schools, now=timezone.now(), report=lambda line: self.stdout.write(f"  {line}")
            )
            self.stdout.write(f"Loaded in {time.perf_counter() - started:.1f} s.")
        self.stdout.write(f"The demo has {loading.summary()}")

    def print_sign_ins(self, port: int) -> None:
        note = clock.date_note(timezone.localdate())
        if note:
            self.stdout.write("\n" + self.style.WARNING(note))
        rows = [("Role", "Username", "Password", "What to try first")]
        rows += [(row.role, row.username, row.password, row.try_first) for row in people.sign_ins()]
        widths = [max(len(row[column]) for row in rows) for column in range(3)]
        self.stdout.write(f"\nSign in at http://{HOST}:{port}{reverse('accounts:sign-in')} as any of these:\n")
        for number, row in enumerate(rows):
            line = "  ".join(cell.ljust(width) for cell, width in zip(row, widths)) + "  " + row[3]
            self.stdout.write(self.style.MIGRATE_HEADING(line) if number == 0 else line)
        self.stdout.write("\nTry the newcomer's walk-through:")
        for number, step in enumerate(people.newcomer_steps(), start=1):
            self.stdout.write(f"  {number}. {step}")
        self.stdout.write("")

    def serve(self, port: int) -> None:
        # A separate process, so the worker polls the queue whatever the web server is doing; Ctrl-C reaches
        # both (they share the terminal), and the demo stops the worker however it stops itself.
        worker = subprocess.Popen(
            [sys.executable, "-m", "fairinspect.manage", "db_worker", "--no-reload", "--no-startup-delay"]
        )
        # SIGTERM (from a process manager, say) then ends the demo as Ctrl-C does, through the `finally`; and so does
        # SIGINT even when a shell started the demo in the background, which starts it ignoring SIGINT.
        signal.signal(signal.SIGTERM, signal.default_int_handler)
        signal.signal(signal.SIGINT, signal.default_int_handler)
        try:
            self.stdout.write(f"Emails go to this console, sent by the db_worker task worker (process {worker.pid}).")
            self.print_sign_ins(port)
            with clock.services_clock(clock.demo_now):
                call_command("runserver", f"{HOST}:{port}", use_reloader=False)
        finally:
            _stop(worker)


def _port_is_free(port: int) -> bool:
    with socket.socket() as probe:
        # As the server will: a port a previous demo has just let go of counts as free.
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((HOST, port))
        except OSError:
            return False
    return True


def _stop(worker: subprocess.Popen) -> None:
    """Stop the worker, letting it finish the email it is sending. After Ctrl-C it is already stopping (the
    terminal interrupted it too), and a second signal would cut that email off, so it gets a moment first."""
    try:
        worker.wait(timeout=2)
        return
    except subprocess.TimeoutExpired:
        worker.terminate()
    try:
        worker.wait(timeout=10)
    except subprocess.TimeoutExpired:
        worker.kill()
        worker.wait()
