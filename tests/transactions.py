"""Rolling back what a test did outside the test's own transaction.

Public services run in durable transactions, which refuse to be nested inside another transaction: a service
calling another would otherwise hold the audit chain's head lock for both. A test still needs to undo what it did
(a module's demo data, one hypothesis example). Django's TestCase does exactly this for every test, with an
atomic block marked as the test case's own, inside which durable blocks are allowed; `rolled_back` is that same
block, for the places that are not a TestCase test.
"""

from contextlib import contextmanager

from django.db import transaction


@contextmanager
def rolled_back():
    """Everything inside, services included, is rolled back at the end."""
    atomic = transaction.atomic()
    atomic._from_testcase = True  # as django.test.TestCase marks its own blocks
    atomic.__enter__()
    try:
        yield
    finally:
        transaction.set_rollback(True)
        atomic.__exit__(None, None, None)
