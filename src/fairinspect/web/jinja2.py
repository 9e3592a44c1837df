"""The Jinja2 environment behind every page: GOV.UK Frontend's macros plus a few Django helpers."""

from django.contrib.humanize.templatetags.humanize import intcomma
from django.templatetags.static import static
from django.urls import reverse
from jinja2 import ChoiceLoader, Environment, PackageLoader, PrefixLoader, Undefined

from fairinspect.web.forms import field_component, field_params, error_summary_params
from fairinspect.core.formatting import count, govuk_date, govuk_date_range, govuk_datetime, govuk_period


def url(viewname: str, *args, **kwargs) -> str:
    return reverse(viewname, args=args or None, kwargs=kwargs or None)


def environment(**options) -> Environment:
    # The GOV.UK macros are imported as "govuk_frontend_jinja/components/<name>/macro.html", which is how
    # the package's README loads them (a PrefixLoader over the package).
    options["loader"] = ChoiceLoader(
        [options["loader"], PrefixLoader({"govuk_frontend_jinja": PackageLoader("govuk_frontend_jinja")})]
    )
    # The macros test optional parameters by their absence; Django's DEBUG default (DebugUndefined) would
    # print "{{ name }}" for them, so pages look the same in the demo and in production.
    options["undefined"] = Undefined
    options["extensions"] = [*options.get("extensions", []), "jinja2.ext.do"]
    env = Environment(**options)
    env.globals.update(
        static=static,
        url=url,
        field_component=field_component,
        field_params=field_params,
        error_summary_params=error_summary_params,
        govuk_date_range=govuk_date_range,
        govuk_period=govuk_period,
        count=count,
    )
    env.filters.update(intcomma=intcomma, govuk_date=govuk_date, govuk_datetime=govuk_datetime)
    return env
