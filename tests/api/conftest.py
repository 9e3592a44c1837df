import pytest
from schemathesis.pytest.plugin import SchemathesisCase


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_pycollect_makeitem(collector, name, obj):
    """The fuzzing cases straight under their module, as pytest's own parametrized tests are.

    schemathesis collects a test's cases, one per API operation, under a collector of the test's name, though each
    case's id (`test_…[GET /api/v1/schools]`) names the module as its parent: pytest, looking a case up by that id to
    run it again, finds no such case under the module. The cases are the same; only where they are listed changes.
    """
    result = yield
    if isinstance(result, SchemathesisCase):
        return list(result.collect())
    return result
