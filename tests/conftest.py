import pytest

from fairinspect.accounts.roles import Role
from fairinspect.frameworks.models import Framework
from fairinspect.frameworks.services import load_frameworks
from tests import factories


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Every test database starts with the shipped frameworks loaded."""
    with django_db_blocker.unblock():
        load_frameworks()


@pytest.fixture
def frameworks(db):
    """The shipped frameworks (loaded again if a transactional test emptied the database)."""
    if not Framework.objects.exists():
        load_frameworks()
    return {framework.code: framework for framework in Framework.objects.all()}


@pytest.fixture
def make_school(db):
    return factories.make_school


@pytest.fixture
def make_user(db):
    return factories.make_user


@pytest.fixture
def users_by_role(db):
    """One signed-in-able user per role (the school user belongs to a school of their own)."""
    return {role: factories.make_user(role) for role in Role}



def pytest_collection_modifyitems(config, items):
    """Tests marked postgres_only (row locks, real concurrency) run only in the PostgreSQL pass."""
    from django.conf import settings

    if "postgresql" in settings.DATABASES["default"]["ENGINE"]:
        return
    deselected = [item for item in items if item.get_closest_marker("postgres_only")]
    if deselected:
        config.hook.pytest_deselected(items=deselected)
        items[:] = [item for item in items if not item.get_closest_marker("postgres_only")]
