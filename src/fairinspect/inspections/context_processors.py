from django.urls import reverse
from django.utils.text import Truncator

from fairinspect.core.formatting import govuk_date
from fairinspect.inspections.selectors import active_halt

# A halt's reason may run to paragraphs; the banner on every page carries its start, and links to the rest.
BANNER_REASON_WORDS = 25


def national_halt(request):
    """The halt in force, for the banner on every page staff and schools see (signed-in users)."""
    if not request.user.is_authenticated:
        return {}
    halt = active_halt()
    if halt is None:
        return {}
    return {
        "national_halt_banner": {
            "text": (
                f"Inspections are halted nationally (since {govuk_date(halt.started_at)}): "
                f"{Truncator(halt.reason).words(BANNER_REASON_WORDS)} No school is being notified and no inspection "
                "will start or resume until the halt is lifted."
            ),
            "href": reverse("inspections:halt-notice"),
        }
    }
