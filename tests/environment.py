"""The production settings as a deployment's environment makes them."""

import runpy

from fairinspect import settings as production_settings


def settings_from_the_environment(monkeypatch, **environment) -> dict:
    """The production settings module, run afresh with these environment variables set."""
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(production_settings.__file__)
