from datetime import datetime, time
from zoneinfo import ZoneInfo

import pytest

from fairinspect.demo.loading import load_demo
from tests.conftest import A_MONDAY
from tests.transactions import rolled_back

# The day the demo is loaded as of in these tests, at the clock fixture's time, its seed and a size that has
# every scenario yet loads in a few seconds.
DEMO_DAY = A_MONDAY
LOADED_AT = datetime.combine(DEMO_DAY, time(9), ZoneInfo("Europe/London"))
SEED = 7
SCHOOLS = 300


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The demo, loaded once for a module's tests (each runs in a savepoint inside), then rolled back."""
    with django_db_blocker.unblock(), rolled_back():
        load_demo(seed=SEED, schools=SCHOOLS, now=LOADED_AT)
        yield
