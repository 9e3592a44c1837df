from pathlib import Path

import pytest

from fairinspect.analytics.services import refresh_figures
from fairinspect.outcomes.services import import_outcomes

MI = Path(__file__).parents[1] / "outcomes" / "fixtures"


@pytest.fixture
def published(frameworks):
    """The outcomes fixtures' published inspections (EIF and report cards), with the figures made from them."""
    import_outcomes(MI / "mi_eif.csv", progress=False)
    import_outcomes(MI / "mi_report_cards.csv", progress=False)
    refresh_figures()
    return frameworks
