"""Loading framework data files into the database. Adding a framework is adding a file to `data/`."""

from collections import Counter
from pathlib import Path

from django.db import models

from fairinspect.audit.services import public_service, record_event
from fairinspect.core import versions
from fairinspect.core.actors import Actor
from fairinspect.core.formatting import count
from fairinspect.core.hooks import Registry
from fairinspect.frameworks.files import (
    DATA_DIR,
    FrameworkFileError,
    content_hash,
    read_framework_file,
)
from fairinspect.frameworks.models import (
    FRAMEWORKS_VERSION,
    Criterion,
    Framework,
    FrameworksEvent,
    TrainingCourse,
)
from fairinspect.frameworks.spec import FrameworkSpec

# Ranks and orders are unique per framework; renumbering moves rows out of the way first.
_RENUMBER_OFFSET = 10000


# Published outcomes, and anything else that names a framework's areas, grades or safeguarding judgements as
# text, say how often each code is used: (kind, code) → count, kind being "area", "grade" or "safeguarding
# judgement". A file that removes a code in use is refused.
code_uses: Registry = Registry("code_uses")


def _sync(queryset: models.QuerySet, key: str, wanted: dict[str, dict], number_field: str | None) -> dict:
    """Make `queryset`'s rows match `wanted` (key value → field values), keeping rows whose key stays.

    Returns key value → row. Rows no longer wanted are deleted, with the criteria under them. Published
    outcomes name areas, grades and safeguarding judgements by code, as text rather than by foreign key, so
    `_refuse_removing_published_codes` checks first that no published outcome uses a code that goes.
    """
    existing = {getattr(row, key): row for row in queryset}
    for stale in set(existing) - set(wanted):
        existing.pop(stale).delete()
    if number_field:
        queryset.filter(**{f"{key}__in": list(existing)}).update(
            **{number_field: models.F(number_field) + _RENUMBER_OFFSET}
        )
    rows = {}
    for value, fields in wanted.items():
        row = existing.get(value) or queryset.model(**{key: value})
        for name, field_value in fields.items():
            setattr(row, name, field_value)
        row.save()
        rows[value] = row
    return rows


def _refuse_removing_published_codes(path: Path, spec: FrameworkSpec, framework: Framework) -> None:
    """Refuse a file that removes (or renames) an area, grade or safeguarding judgement that published outcomes
    of its stored framework use: they hold the codes as text, so the school page and the API would silently
    stop showing those grades."""
    removed = {
        "area": set(framework.areas.values_list("code", flat=True)) - {area.code for area in spec.areas},
        "grade": set(framework.scale.values_list("code", flat=True)) - {point.code for point in spec.scale},
        "safeguarding judgement": set(framework.safeguarding_outcomes.values_list("code", flat=True))
        - {outcome.code for outcome in (spec.safeguarding.outcomes if spec.safeguarding else [])},
    }
    if not any(removed.values()):
        return
    uses: Counter[tuple[str, str]] = Counter()  # (kind, code) → how many records use it
    for count_uses in code_uses:
        uses.update(count_uses(framework))
    problems = [
        f"the {kind} {code!r} is used by {count(uses[kind, code], 'published outcome')}"
        for kind, codes in removed.items()
        for code in sorted(codes)
        if uses[kind, code]
    ]
    if problems:
        raise FrameworkFileError(
            f"{path.name}: framework {spec.code!r} cannot lose a code its published outcomes use, as they "
            f"name it as text: {'; '.join(problems)}. Keep the code in the file (its title or label may change). "
            "Nothing was loaded."
        )


def _store(spec: FrameworkSpec, digest: str) -> Framework:
    framework, _ = Framework.objects.update_or_create(
        code=spec.code,
        defaults={
            "title": spec.title,
            "description": spec.description,
            "valid_from": spec.valid_from,
            "valid_until": spec.valid_until,
            "is_graded": spec.graded,
            "outcome": spec.outcome,
            "overall_grade_until": spec.overall_grade.until if spec.overall_grade else None,
            "published_columns": {
                "safeguarding": spec.safeguarding.published_as if spec.safeguarding else [],
                "overall_grade": spec.overall_grade.published_as if spec.overall_grade else [],
            },
            "rules": spec.rules,
            "content_hash": digest,
        },
    )
    scale = _sync(
        framework.scale.all(),
        "code",
        {
            point.code: {
                "framework": framework,
                "label": point.label,
                "rank": rank,
                "meaning": point.meaning,
                "published_as": point.published_as,
            }
            for rank, point in enumerate(spec.scale, start=1)
        },
        "rank",
    )
    _sync(
        framework.safeguarding_outcomes.all(),
        "code",
        {
            outcome.code: {
                "framework": framework,
                "label": outcome.label,
                "is_satisfactory": outcome.satisfactory,
                "meaning": outcome.meaning,
                "published_as": outcome.published_as,
            }
            for outcome in (spec.safeguarding.outcomes if spec.safeguarding else [])
        },
        None,
    )
    areas = _sync(
        framework.areas.all(),
        "code",
        {
            area.code: {
                "framework": framework,
                "title": area.title,
                "order": order,
                "description": area.description,
                "applies_if": area.applies_if,
                "published_as": area.published_as,
            }
            for order, area in enumerate(spec.areas, start=1)
        },
        "order",
    )
    for area_spec in spec.areas:
        area = areas[area_spec.code]
        _sync(
            Criterion.objects.filter(area=area),
            "code",
            {
                criterion.code: {
                    "area": area,
                    "level": scale[level],
                    "text": criterion.text,
                    "order": order,
                    "is_indicator": is_indicator,
                }
                for is_indicator, levels in ((False, area_spec.criteria), (True, area_spec.indicators))
                for level, criteria in levels.items()
                for order, criterion in enumerate(criteria, start=1)
            },
            None,
        )
    courses = []
    for course in spec.required_training:
        stored, _ = TrainingCourse.objects.update_or_create(
            code=course.code, defaults={"title": course.title, "description": course.description}
        )
        courses.append(stored)
    framework.required_courses.set(courses)
    return framework


def _check_courses_agree(specs: list[tuple[Path, FrameworkSpec]]) -> None:
    """A course several frameworks require is one course: every file must describe it alike."""
    first_seen: dict[str, tuple[Path, object]] = {}
    for path, spec in specs:
        for course in spec.required_training:
            if course.code not in first_seen:
                first_seen[course.code] = (path, course)
                continue
            other_path, other = first_seen[course.code]
            if other != course:
                raise FrameworkFileError(
                    f"{path.name} and {other_path.name} describe training course {course.code!r} differently"
                )


@public_service(may_change_nothing=True)
def load_frameworks(directory: Path = DATA_DIR, *, actor: Actor = None) -> dict[str, str]:
    """Load every `*.yaml` framework file in `directory`; returns code → created / updated / unchanged.

    Every file is checked before anything is written, and all are written in one transaction, so a file
    refused once writing has begun (for removing a code published outcomes use) leaves every framework as it was.
    Loading files that have not changed changes nothing and records nothing.
    """
    paths = sorted(directory.glob("*.yaml"))
    if not paths:
        raise FrameworkFileError(f"no framework files (*.yaml) in {directory}")
    specs = [(path, read_framework_file(path)) for path in paths]
    seen: dict[str, Path] = {}
    for path, spec in specs:
        if spec.code in seen:
            raise FrameworkFileError(f"{path.name} and {seen[spec.code].name} both define framework {spec.code!r}")
        seen[spec.code] = path
    _check_courses_agree(specs)

    outcomes = {}
    for path, spec in specs:
        digest = content_hash(spec)
        existing = Framework.objects.filter(code=spec.code).first()
        stored = existing.content_hash if existing else None
        if stored == digest:
            outcomes[spec.code] = "unchanged"
            continue
        if existing:
            _refuse_removing_published_codes(path, spec, existing)
        framework = _store(spec, digest)
        outcomes[spec.code] = "created" if stored is None else "updated"
        versions.bump(FRAMEWORKS_VERSION)
        record_event(
            actor=actor,
            actor_label=None if actor else "system:load_frameworks",
            action=FrameworksEvent.CREATED if stored is None else FrameworksEvent.UPDATED,
            obj=framework,
            before={"content_hash": stored} if stored else None,
            # What the file said, so the trail shows the criteria and rules in force from each load (what
            # they said before is in the framework's previous event).
            after={"content_hash": digest, "file": path.name, "definition": spec.model_dump(mode="json")},
        )
    return outcomes

