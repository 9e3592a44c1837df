"""Every text column people or published files fill has a maximum length, stated on the model (from
`core.text`'s kinds for what people type), so that an import, a page and the API all refuse what does not fit."""

from django.apps import apps
from django.db import models

# The audit trail records what services pass it, which they have checked already; framework texts are data files
# shipped and reviewed with the code.
RECORDS_ONLY = {"audit", "frameworks"}


def test_every_text_column_of_fairinspect_has_a_maximum_length():
    unbounded = [
        f"{model._meta.label}.{field.name}"
        for config in apps.get_app_configs()
        if config.name.startswith("fairinspect.") and config.label not in RECORDS_ONLY
        for model in config.get_models()
        for field in model._meta.concrete_fields
        if isinstance(field, models.TextField | models.CharField) and not field.max_length
    ]
    assert unbounded == [], "Give these text fields a max_length (core.text for what people type):\n  " + "\n  ".join(unbounded)
