from fairinspect.inspections.selectors import active_halt


def national_halt(request):
    """The halt in force, for the banner on every page staff and schools see (signed-in users)."""
    if not request.user.is_authenticated:
        return {}
    return {"national_halt": active_halt()}
