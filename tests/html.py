"""Reading a page in a test the way a person reads it: its elements by tag, class or id, and their text.

Built on Django's own HTML parser (the one behind assertHTMLEqual), so attributes and whitespace are
normalised and no extra dependency is needed.
"""

from django.test.html import Element, parse_html


def page(response) -> Element:
    return parse_html(response.content.decode())


def find_all(root: Element, tag: str | None = None, *, cls: str | None = None, id: str | None = None) -> list[Element]:
    """Every element under `root`, in document order, with this tag, class and id (each optional)."""
    found = []
    for child in root.children:
        if isinstance(child, str):
            continue
        attributes = dict(child.attributes)
        if (
            (tag is None or child.name == tag)
            and (cls is None or cls in (attributes.get("class") or "").split())
            and (id is None or attributes.get("id") == id)
        ):
            found.append(child)
        found.extend(find_all(child, tag, cls=cls, id=id))
    return found


def find(root: Element, tag: str | None = None, *, cls: str | None = None, id: str | None = None) -> Element:
    """The one element that matches; fails the test when there is none or more than one."""
    found = find_all(root, tag, cls=cls, id=id)
    assert len(found) == 1, f"expected one <{tag or '*'} class={cls!r} id={id!r}>, found {len(found)}"
    return found[0]


def text(element: Element | str) -> str:
    if isinstance(element, str):
        return " ".join(element.split())
    return " ".join(part for part in (text(child) for child in element.children) if part)


def attribute(element: Element, name: str) -> str | None:
    return dict(element.attributes).get(name)


def _table_body_rows(response, label: str) -> list[Element]:
    for region in find_all(page(response), "div", cls="app-table-region"):
        if attribute(region, "aria-label") == label:
            return [row for body in find_all(region, "tbody") for row in find_all(body, "tr")]
    raise AssertionError(f"no table labelled {label!r}")


def table_rows(response, label: str) -> list[str]:
    """The words of each body row of the table in the region with this label (`web/tables.html`)."""
    return [text(row) for row in _table_body_rows(response, label)]


def table_cells(response, label: str) -> list[list[str]]:
    """The words of each cell of each body row of that table."""
    return [
        [text(cell) for cell in find_all(row) if cell.name in ("th", "td")] for row in _table_body_rows(response, label)
    ]
