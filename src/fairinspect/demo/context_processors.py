from django.utils import timezone

from fairinspect.demo import clock

BANNER = "This is a demonstration: its inspections, people and most of its schools are made up."


def demo(request):
    """The demo's banner, on every page while `fairinspect demo` serves; nothing otherwise."""
    if not clock.is_serving():
        return {}
    return {"demo_banner": f"{BANNER} {clock.date_note(timezone.localdate())}".rstrip()}
