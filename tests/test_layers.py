"""The apps form a stack, each depending only on the layers below it (CONTRIBUTING.md, "Layers", holds the one
list this test reads). A dependency is an import, a URL named by its namespace (in code or a template), a
template from another app's folder, or a model named as "app_label.Model". Migrations are history and are not
read."""

import ast
import re
from dataclasses import dataclass
from pathlib import Path

import pytest

import fairinspect

SOURCE = Path(fairinspect.__file__).parent
CONTRIBUTING = SOURCE.parent.parent / "CONTRIBUTING.md"
# The root package's own modules (the URL root, settings, the WSGI entry, `fairinspect` the command) name
# every app: they stand on top of everything.
ROOT = "fairinspect"

_URL_NAME = re.compile(r"^([a-z][a-z_]*):[a-z0-9][a-z0-9_-]*$")
_MODEL_LABEL = re.compile(r"^([a-z][a-z_]*)\.[A-Z]\w*$")
_TEMPLATE_NAME = re.compile(r"""\{%-?\s*(?:from|import|include|extends)\s+["']([^"']+)["']""")
_APP_NAME = re.compile(r"""^app_name\s*=\s*["']([a-z_]+)["']""", re.MULTILINE)


def declared_layers(contributing: Path = CONTRIBUTING) -> list[list[str]]:
    """The layers, lowest first, from the fenced block under the "Layers" heading of CONTRIBUTING.md."""
    text = contributing.read_text(encoding="utf-8")
    section = text.split("\n## Layers", 1)[1]
    block = section.split("```", 2)[1]
    return [line.split("#", 1)[0].split() for line in block.strip().splitlines() if line.split("#", 1)[0].strip()]


@dataclass(frozen=True)
class Stack:
    layer_of: dict[str, int]  # app (its folder name under fairinspect/) → its layer, 0 the lowest

    @classmethod
    def of(cls, layers: list[list[str]]) -> "Stack":
        return cls({app: number for number, apps in enumerate(layers) for app in apps} | {ROOT: len(layers)})

    def allows(self, app: str, used: str) -> bool:
        return used == app or self.layer_of[used] < self.layer_of[app]


def _app_of(path: Path, source: Path) -> str:
    parts = path.relative_to(source).parts
    return parts[0] if len(parts) > 1 else ROOT


def _url_namespaces(source: Path) -> dict[str, str]:
    """URL namespace → the app whose urls.py declares it; the API's namespace is the API assembly's."""
    namespaces = {"api": "api"}
    for urls in source.glob("*/urls.py"):
        found = _APP_NAME.search(urls.read_text())
        if found:
            namespaces[found.group(1)] = urls.parent.name
    return namespaces


def _template_folders(source: Path) -> dict[str, str]:
    """The first part of a template's name → the app whose jinja2/ folder holds it ("layout.html" is web's)."""
    folders = {"layout.html": "web"}
    for folder in source.glob("*/jinja2/*"):
        if folder.is_dir():
            folders[folder.name] = folder.parent.parent.name
    return folders


def _python_dependencies(path: Path, source: Path, namespaces: dict[str, str], apps: set[str]):
    """(line, app used, how) for every import of a fairinspect module, URL name and model label in a file."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    package = ".".join(("fairinspect", *path.relative_to(source).parent.parts))
    for node in ast.walk(tree):
        modules = []
        if isinstance(node, ast.Import):
            modules = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:  # relative: resolved against this file's package
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                module = ".".join([*base, *([node.module] if node.module else [])])
            else:
                module = node.module or ""
            modules = [module] if module != "fairinspect" else [f"fairinspect.{alias.name}" for alias in node.names]
        for module in modules:
            parts = module.split(".")
            if parts[0] == "fairinspect" and len(parts) > 1:
                yield node.lineno, parts[1] if parts[1] in apps else ROOT, f"imports {module}"
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            url = _URL_NAME.match(node.value)
            if url and url.group(1) in namespaces:
                yield node.lineno, namespaces[url.group(1)], f"names the URL {node.value!r}"
            model = _MODEL_LABEL.match(node.value)
            if model and model.group(1) in apps:
                yield node.lineno, model.group(1), f"names the model {node.value!r}"


def _template_dependencies(path: Path, namespaces: dict[str, str], folders: dict[str, str]):
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        for name in _TEMPLATE_NAME.findall(line):
            first = name.split("/", 1)[0]
            if first in folders:
                yield number, folders[first], f"uses the template {name!r}"
        for quoted in re.findall(r"""["']([a-z][a-z_]*:[a-z0-9][a-z0-9_-]*)["']""", line):
            namespace = quoted.split(":", 1)[0]
            if namespace in namespaces:
                yield number, namespaces[namespace], f"names the URL {quoted!r}"


def violations(source: Path, stack: Stack) -> list[str]:
    apps = {path.name for path in source.iterdir() if path.is_dir() and (path / "__init__.py").exists()}
    namespaces, folders = _url_namespaces(source), _template_folders(source)
    unplaced = sorted(apps - set(stack.layer_of))
    found = [f"{app}: an app with no place in the layers of CONTRIBUTING.md" for app in unplaced]
    for path in sorted(source.rglob("*")):
        if "migrations" in path.parts or not path.is_file() or path.suffix not in (".py", ".html"):
            continue
        app = _app_of(path, source)
        if app in unplaced:
            continue
        if path.suffix == ".py":
            dependencies = _python_dependencies(path, source, namespaces, apps)
        else:
            dependencies = _template_dependencies(path, namespaces, folders)
        for line, used, how in dependencies:
            if used in unplaced or not stack.allows(app, used):
                where = path.relative_to(source)
                found.append(f"{where}:{line} {how}, of {used} (layer {stack.layer_of.get(used)}), "
                             f"which is not below {app} (layer {stack.layer_of[app]})")  # fmt: skip
    return found


def test_every_app_depends_only_on_the_layers_below_it():
    problems = violations(SOURCE, Stack.of(declared_layers()))
    assert problems == [], "Dependencies against the layer order of CONTRIBUTING.md:\n  " + "\n  ".join(problems)


def test_the_declared_layers_are_the_apps_that_exist_and_installed_apps_follow_them():
    from django.conf import settings

    layers = declared_layers()
    apps = {path.name for path in SOURCE.iterdir() if path.is_dir() and (path / "__init__.py").exists()}
    declared = [app for layer in layers for app in layer]
    assert len(declared) == len(set(declared)), "an app is in two layers"
    assert apps <= set(declared)
    installed = [name.split(".", 1)[1] for name in settings.INSTALLED_APPS if name.startswith("fairinspect.")]
    assert sorted(installed, key=declared.index) == installed, "INSTALLED_APPS lists fairinspect's apps out of layer order"


@pytest.fixture
def tiny_source(tmp_path):
    """A package of three apps, where `low` is below `high`, and `side` beside `low`."""
    for app in ("low", "side", "high"):
        (tmp_path / app / "jinja2" / app).mkdir(parents=True)
        (tmp_path / app / "__init__.py").write_text("")
    (tmp_path / "high" / "urls.py").write_text('app_name = "high"\n')
    return tmp_path, Stack.of([["low", "side"], ["high"], []])


@pytest.mark.parametrize(
    ("file", "text", "found"),
    [
        ("low/services.py", "from fairinspect.high.models import Thing\n", "imports fairinspect.high.models"),
        ("low/services.py", "from ..high import models\n", "imports fairinspect.high"),
        ("low/services.py", "import fairinspect.side.selectors\n", "imports fairinspect.side.selectors"),
        ("low/views.py", 'reverse("high:page")\n', "names the URL 'high:page'"),
        ("low/models.py", 'models.ForeignKey("high.Thing", on_delete=None)\n', "names the model 'high.Thing'"),
        ("low/jinja2/low/page.html", '{% from "high/_parts.html" import x %}\n', "uses the template 'high/_parts.html'"),
        ("low/jinja2/low/page.html", "{{ url('high:page') }}\n", "names the URL 'high:page'"),
    ],
    ids=["import", "relative import", "import beside", "URL name", "model label", "template", "URL in a template"],
)
def test_the_check_finds_a_dependency_against_the_order(tiny_source, file, text, found):
    source, stack = tiny_source
    (source / file).write_text(text)
    assert [problem for problem in violations(source, stack) if found in problem], violations(source, stack)


def test_the_check_allows_what_is_below_and_within_an_app(tiny_source):
    source, stack = tiny_source
    (source / "high" / "views.py").write_text(
        "from fairinspect.low import services\nfrom fairinspect.high.models import Thing\nreverse('high:page')\n"
    )
    (source / "low" / "models.py").write_text('models.ForeignKey("low.Thing", on_delete=None)\n')
    assert violations(source, stack) == []
