"""Reads of the frameworks as loaded, in words: what the administrators' read-only pages show."""

from django.db.models import Prefetch, QuerySet

from fairinspect.core.formatting import count
from fairinspect.frameworks.models import Area, Criterion, Framework

# The school attributes an area's `applies_if` names, as a condition people read.
_APPLIES_IF = {"has_early_years": "where the school has early years", "has_sixth_form": "where the school has a sixth form"}


def frameworks() -> QuerySet[Framework]:
    return Framework.objects.prefetch_related("areas", "scale", "required_courses")


def framework_in_full(code: str) -> Framework:
    """A framework with its scale, safeguarding judgements, required training, and areas with their criteria."""
    criteria = Criterion.objects.select_related("level").order_by("level__rank", "order")
    areas = Area.objects.prefetch_related(Prefetch("criteria", queryset=criteria)).order_by("order")
    return Framework.objects.prefetch_related(
        "scale", "safeguarding_outcomes", "required_courses", Prefetch("areas", queryset=areas)
    ).get(code=code)


def applies_when(area: Area) -> str:
    if not area.applies_if:
        return "Always"
    return _APPLIES_IF.get(area.applies_if, f"Where the school's record says {area.applies_if.replace('_', ' ')}").capitalize()


class _Words:
    """A framework's rules read aloud: its conditions name its own areas, grades and safeguarding judgements."""

    def __init__(self, framework: Framework):
        self.areas = {area.code: area.title for area in framework.areas.all()}
        self.grades = {point.code: point.label.lower() for point in framework.scale.all()}
        self.safeguarding = {outcome.code: outcome.label.lower() for outcome in framework.safeguarding_outcomes.all()}

    def condition(self, when: dict, *, nested: bool = False) -> str:
        (kind, value), *_ = when.items()
        if kind in ("all", "any"):
            parts = [self.condition(part, nested=True) for part in value]
            joined = f" {'and' if kind == 'all' else 'or'} ".join(parts)
            return f"({joined})" if nested and len(parts) > 1 else joined
        if kind == "area_grade":
            return f"{self.areas.get(value['area'], value['area'])} is {self.grades.get(value['is'], value['is'])}"
        if kind == "other_area_grade":
            return f"another area than {self.areas.get(value['except'], value['except'])} is {self.grades.get(value['is'], value['is'])}"
        if kind == "any_area_grade":
            return f"any area is {self.grades.get(value, value)}"
        if kind == "safeguarding":
            return f"safeguarding is {self.safeguarding.get(value, value)}"
        return f"{kind.replace('_', ' ')} is {value}"

    @staticmethod
    def _within(rule: dict) -> str:
        return f", within {count(rule['within_days'], 'day')}" if rule.get("within_days") else ""

    def _follow_up(self, follow_up: dict | None) -> str:
        if not follow_up:
            return ""
        return f", followed by a {follow_up['kind'].replace('-', ' ')} inspection{self._within(follow_up)}"

    def rules(self, rules: dict) -> list[str]:
        said = []
        secure_fit = rules.get("secure_fit")
        if secure_fit:
            said.append(
                "Each area is graded by secure fit: the highest grade whose criteria are all met, with those of every "
                "grade below it; any one indicator found puts the area at its grade; an area meeting no grade's "
                f"criteria is graded {self.grades.get(secure_fit['floor'], secure_fit['floor'])}."
            )
        for category in rules.get("categories_of_concern", []):
            when = f" when {self.condition(category['when'])}" if category.get("when") else ""
            said.append(f"Category of concern, {category['title'].lower()}{when}{self._follow_up(category.get('follow_up'))}.")
        for rule in rules.get("monitoring", []):
            said.append(
                f"Leads to {rule['leads_to'].replace('-', ' ')} when {self.condition(rule['when'])}"
                f"{self._within(rule)}."
            )
        visit = rules.get("safeguarding_return_visit")
        if visit:
            said.append(
                f"A safeguarding failure that can be put right within {count(visit['remediable_within_days'], 'day')} "
                "leads to a return visit" + (" instead of a category of concern." if visit.get("instead_of_category") else ".")
            )
        citations = rules.get("evidence", {}).get("minimum_citations")
        if citations:
            stricter = [f"{count(number, 'record')} for {self.grades.get(grade, grade)}" for grade, number in citations.items() if grade != "default"]
            said.append(
                f"Each grade cites at least {count(citations['default'], 'evidence record')}"
                + (f" ({', '.join(stricter)})." if stricter else ".")
            )
        if rules.get("grading_refused"):
            said.append("Grading is refused: an inspection under it gives no grades.")
        if rules.get("evidence_firewalled"):
            said.append("Its evidence is firewalled: no later inspection's team can see or cite it.")
        known = {"secure_fit", "categories_of_concern", "monitoring", "safeguarding_return_visit", "evidence", "grading_refused", "evidence_firewalled"}
        said += [f"A rule this page cannot put in words yet: {name.replace('_', ' ')}." for name in sorted(set(rules) - known)]
        return said


def rules_in_words(framework: Framework) -> list[str]:
    return _Words(framework).rules(framework.rules or {})
