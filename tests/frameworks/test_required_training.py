"""The training each framework requires is data in its file, shared by code between frameworks."""

import shutil

import pytest

from fairinspect.frameworks.models import Framework
from fairinspect.frameworks.files import DATA_DIR, FrameworkFileError
from fairinspect.frameworks.services import load_frameworks

pytestmark = pytest.mark.django_db


def test_each_framework_requires_the_courses_its_file_lists(frameworks):
    required = {
        code: sorted(framework.required_courses.values_list("code", flat=True)) for code, framework in frameworks.items()
    }
    assert required["report-card-2025"] == ["mental-health-awareness", "report-card-2025-framework", "safeguarding-for-inspectors"]
    assert required["visit-2020"] == ["safeguarding-for-inspectors", "visits-briefing"]
    shared = frameworks["eif-2019"].required_courses.get(code="mental-health-awareness")
    assert shared == frameworks["report-card-2025"].required_courses.get(code="mental-health-awareness")


def test_two_files_describing_one_course_differently_are_refused(tmp_path, frameworks):
    for path in DATA_DIR.glob("*.yaml"):
        shutil.copy(path, tmp_path)
    visits = tmp_path / "visit-2020.yaml"
    visits.write_text(visits.read_text().replace("title: Safeguarding for inspectors", "title: Safeguarding"))
    with pytest.raises(FrameworkFileError, match="describe training course 'safeguarding-for-inspectors' differently"):
        load_frameworks(tmp_path)
    assert Framework.objects.get(code="visit-2020").required_courses.get(code="safeguarding-for-inspectors").title == (
        "Safeguarding for inspectors"
    )
