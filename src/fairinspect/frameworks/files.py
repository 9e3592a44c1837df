"""Reading and checking framework data files, before anything is loaded from them."""

import hashlib
import json
from pathlib import Path

import yaml
from pydantic import ValidationError

from fairinspect.core.hooks import Hook
from fairinspect.frameworks.spec import FrameworkSpec

DATA_DIR = Path(__file__).resolve().parent / "data"


class FrameworkFileError(Exception):
    """A framework file cannot be loaded; nothing was changed."""


# An area applies to a school when a yes/no attribute of the school (`applies_if`) is true. Schools are the
# registry's, which knows nothing of frameworks, as frameworks know nothing of it; the app that joins them says
# which attributes there are.
school_attributes: Hook[[], set[str]] = Hook("school_attributes", needs="the names of a school's yes/no attributes")


def read_framework_file(path: Path) -> FrameworkSpec:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as error:
        raise FrameworkFileError(f"{path.name}: cannot be read: {error}") from None
    try:
        spec = FrameworkSpec.model_validate(data)
    except ValidationError as error:
        problems = "\n".join(
            f"  {path.name}: {'.'.join(str(part) for part in problem['loc']) or '(file)'}: {problem['msg']}"
            for problem in error.errors()
        )
        raise FrameworkFileError(f"{path.name} does not describe a framework:\n{problems}") from None
    flags = school_attributes()
    for index, area in enumerate(spec.areas):
        if area.applies_if and area.applies_if not in flags:
            raise FrameworkFileError(
                f"{path.name}: areas.{index}.applies_if: {area.applies_if!r} is not a yes/no attribute of a "
                f"school (one of: {', '.join(sorted(flags))})"
            )
    return spec


def content_hash(spec: FrameworkSpec) -> str:
    canonical = json.dumps(spec.model_dump(mode="json"), sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()


