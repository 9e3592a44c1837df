"""The shape of a framework data file, checked before anything is loaded.

A file that does not fit is refused with every problem named by its place in the file, e.g.
`report-card-2025.yaml: areas.3.criteria.strong-standard.0.text: Field required`.
"""

from datetime import date
from typing import Annotated, Self

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

Code = Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$", max_length=50)]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class ScalePointSpec(Strict):
    code: Code
    label: Text
    meaning: Text
    published_as: list[Text] = []


class SafeguardingOutcomeSpec(Strict):
    code: Code
    label: Text
    satisfactory: bool
    meaning: Text
    published_as: list[Text] = []


class SafeguardingSpec(Strict):
    published_as: list[Text] = Field(default=[], description="Column names of this judgement in published data.")
    outcomes: list[SafeguardingOutcomeSpec]


class OverallGradeSpec(Strict):
    until: date = Field(description="Inspections starting before this date had an overall grade.")
    published_as: list[Text] = []


class CriterionSpec(Strict):
    code: Code
    text: Text


class TrainingCourseSpec(Strict):
    code: Code
    title: Text
    description: str = ""


class AreaSpec(Strict):
    code: Code
    title: Text
    description: str = ""
    applies_if: str = Field("", description="A yes/no attribute of the school; blank means always.")
    published_as: list[Text] = []
    criteria: dict[Code, list[CriterionSpec]] = Field(
        default={}, description="Scale point code → the criteria an area must meet to be graded at that point."
    )
    indicators: dict[Code, list[CriterionSpec]] = Field(
        default={},
        description="Scale point code → failings any one of which, found, puts the area at that point (secure fit).",
    )


class FrameworkSpec(Strict):
    code: Code
    title: Text
    description: str = ""
    valid_from: date
    valid_until: date | None = None
    graded: bool
    outcome: Code
    scale: list[ScalePointSpec] = Field(default=[], description="Lowest grade first.")
    safeguarding: SafeguardingSpec | None = None
    overall_grade: OverallGradeSpec | None = None
    areas: list[AreaSpec]
    required_training: list[TrainingCourseSpec] = Field(
        default=[], description="Courses an inspector must have completed, and not let expire, to inspect under it."
    )
    rules: dict = {}

    @model_validator(mode="after")
    def consistent(self) -> Self:
        problems = []
        if self.valid_until is not None and self.valid_until <= self.valid_from:
            problems.append("valid_until must be after valid_from")
        if self.graded and not self.scale:
            problems.append("a graded framework needs a scale")
        if not self.graded and (self.scale or self.overall_grade):
            problems.append("an ungraded framework cannot have a scale or an overall grade")
        if not self.areas:
            problems.append("a framework needs at least one area (or discussion topic)")
        for name, codes in (
            ("scale", [point.code for point in self.scale]),
            ("areas", [area.code for area in self.areas]),
            ("required_training", [course.code for course in self.required_training]),
            ("safeguarding.outcomes", [outcome.code for outcome in self.safeguarding.outcomes] if self.safeguarding else []),
        ):
            duplicates = sorted({code for code in codes if codes.count(code) > 1})
            if duplicates:
                problems.append(f"{name}: {'a code' if len(duplicates) == 1 else 'codes'} used twice: {', '.join(duplicates)}")
        scale_codes = {point.code for point in self.scale}
        for index, area in enumerate(self.areas):
            for name, levels in (("criteria", area.criteria), ("indicators", area.indicators)):
                unknown_levels = sorted(set(levels) - scale_codes)
                if unknown_levels:
                    problems.append(f"areas.{index}.{name}: {', '.join(unknown_levels)} not on the scale")
            criterion_codes = [
                criterion.code for levels in (area.criteria, area.indicators) for criteria in levels.values() for criterion in criteria
            ]
            if len(criterion_codes) != len(set(criterion_codes)):
                problems.append(f"areas.{index}: a criterion or indicator code is used twice")
        if "secure_fit" in self.rules:
            # Grades are derived from the criteria judged (grading.rules), which needs the grade of an area meeting
            # none of them.
            secure_fit = self.rules["secure_fit"]
            floor = secure_fit.get("floor") if isinstance(secure_fit, dict) else None
            if floor not in scale_codes:
                problems.append("rules.secure_fit.floor must name a point on the scale: the grade of an area that meets no level's criteria")
        if problems:
            raise ValueError("; ".join(problems))
        return self
