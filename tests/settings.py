"""The production settings, with what a test run needs changed and nothing else."""

import os

os.environ.setdefault("SECRET_KEY", "tests-only-not-a-secret")
# Production settings require audit keys; the tests seal their trails with this one.
os.environ.setdefault("AUDIT_KEYS", "tests:tests-only-not-a-secret-but-long-enough")

from fairinspect.settings import *  # noqa: E402,F403

# Argon2 is deliberately slow; tests create hundreds of users. tests/accounts proves production uses Argon2.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# Side effects run inline so tests can see them; a test of its own runs the real database worker.
TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
WHITENOISE_USE_FINDERS = True
# Tests build rows with factories, which no import or publication passes (so none bumps a version the copies of
# public pages are keyed by): copies are kept only in the tests of keeping them (tests/web/test_public_pages.py).
CACHES["public_pages"] = {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}  # noqa: F405
# Tests change data inside a transaction that is never committed, which no notification reports: each request
# reads the versions itself (tests/core/test_versions.py listens, with committed changes).
DATA_VERSIONS_LISTEN = False
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}  # noqa: F405
# Uploads go to memory, so no test leaves files behind.
STORAGES["default"] = {"BACKEND": "django.core.files.storage.InMemoryStorage"}  # noqa: F405
