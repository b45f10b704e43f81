"""Views hand services named arguments, never a dict of form data unpacked with `**` (issue 11).

A service then says in its signature what it takes, and a new form field cannot reach the model unnoticed.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

LOTSE = Path(__file__).resolve().parents[2] / "lotse"
SUSPECT = ("cleaned", "data", "fields")
ALLOWED: set[tuple[str, str]] = set()  # (path, unpacked expression): none, and a new entry needs a reason


def _view_files() -> list[Path]:
    return sorted(
        path
        for path in LOTSE.glob("*/views*")
        for path in ([path] if path.is_file() else path.rglob("*.py"))
        if path.suffix == ".py"
    )


def _unpacked_form_data(path: Path, root: Path = LOTSE.parent) -> list[tuple[str, int, str]]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if not isinstance(node, ast.Call):
            continue
        for keyword in node.keywords:
            if keyword.arg is not None:
                continue
            source = ast.unparse(keyword.value)
            if any(word in source.lower() for word in SUSPECT):
                found.append((str(path.relative_to(root)), node.lineno, source))
    return found


def test_the_view_files_are_found():
    names = {str(path.relative_to(LOTSE)) for path in _view_files()}
    assert "events/views.py" in names
    assert "communication/views/news.py" in names


def test_no_view_unpacks_form_data_into_a_call():
    offenders = [
        f"{path}:{line}: **{source}"
        for path in _view_files()
        for path, line, source in _unpacked_form_data(path)
        if (path, source) not in ALLOWED
    ]
    assert offenders == [], "pass named arguments instead:\n" + "\n".join(offenders)


@pytest.mark.parametrize(
    ("code", "caught"),
    [
        ("services.news_create(actor=u, **form.cleaned_data)", True),
        ("services.news_create(actor=u, **_pick(data, FIELDS))", True),
        ("services.event_update(event=e, **fields)", True),
        ("services.news_create(actor=u, title=cd['title'])", False),
        ("render(request, 'x.html', {**context})", False),
    ],
)
def test_the_check_catches_what_it_should(tmp_path, code, caught):
    sample = tmp_path / "views.py"
    sample.write_text(code + "\n", encoding="utf-8")
    assert bool(_unpacked_form_data(sample, root=tmp_path)) is caught
