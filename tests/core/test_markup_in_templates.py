"""Markup lives in templates: no Python module under lotse/ (migrations aside) writes HTML.

Every .py file is parsed; a string literal (f-strings included) that contains an HTML tag fails the test, and so
does a use of mark_safe, format_html, format_html_join or SafeString, which would let Python hand the template
engine HTML it does not escape. Docstrings are prose and are not checked.

A use that is truly needed goes into ALLOWED with the reason; the list is empty.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import lotse

ROOT = Path(lotse.__file__).parent

# (path relative to lotse/, name) → why it is needed. Keep it empty.
ALLOWED: dict[tuple[str, str], str] = {}

UNSAFE_NAMES = {"mark_safe", "format_html", "format_html_join", "SafeString", "SafeText"}

# The elements of HTML (and the SVG ones a page would write): an opening, closing or self-closing tag of one of
# them. `<name>` placeholders in help texts or regular expressions' `(?P<year>…)` are not tags.
HTML_ELEMENTS = (
    "a abbr address area article aside audio b base bdi bdo blockquote body br button canvas caption cite code col "
    "colgroup data datalist dd del details dfn dialog div dl dt em embed fieldset figcaption figure footer form h1 "
    "h2 h3 h4 h5 h6 head header hgroup hr html i iframe img input ins kbd label legend li link main map mark menu "
    "meta meter nav noscript object ol optgroup option output p param picture pre progress q rp rt ruby s samp "
    "script search section select slot small source span strong style sub summary sup table tbody td template "
    "textarea tfoot th thead time title tr track u ul var video wbr svg path circle rect line polyline polygon g"
).split()
TAG = re.compile(r"</?(?:" + "|".join(HTML_ELEMENTS) + r")(?:\s[^<>]*)?/?>", re.IGNORECASE)


def python_modules(root: Path):
    for path in sorted(root.rglob("*.py")):
        if "migrations" not in path.relative_to(root).parts:
            yield path


def docstring_nodes(tree: ast.AST) -> set[int]:
    ids = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                ids.add(id(body[0].value))
    return ids


def literal_text(node: ast.AST) -> str | None:
    """The text of a string literal; for an f-string its literal parts with the holes as {}."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return "".join(part.value if isinstance(part, ast.Constant) else "{}" for part in node.values)
    return None


def findings(path: Path, root: Path = ROOT) -> list[str]:
    relative = path.relative_to(root).as_posix()
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    skipped = docstring_nodes(tree)  # prose
    skipped |= {id(part) for node in ast.walk(tree) if isinstance(node, ast.JoinedStr) for part in node.values}
    found = []
    for node in ast.walk(tree):
        if id(node) in skipped:
            continue
        text = literal_text(node)
        if text is not None and (match := TAG.search(text)):
            found.append(f"lotse/{relative}:{node.lineno}: HTML tag {match.group(0)!r} in a string")
        name = None
        if isinstance(node, ast.Name):
            name = node.id
        elif isinstance(node, ast.Attribute):
            name = node.attr
        elif isinstance(node, ast.alias):
            name = node.name.rsplit(".", 1)[-1]
        if name in UNSAFE_NAMES and (relative, name) not in ALLOWED:
            found.append(f"lotse/{relative}:{getattr(node, 'lineno', '?')}: {name}")
    return found


def test_no_html_and_no_unescaped_markup_in_python():
    problems = [problem for path in python_modules(ROOT) for problem in findings(path)]
    assert not problems, "Markup belongs in templates:\n" + "\n".join(problems)


def test_every_allowance_is_reasoned_and_still_used():
    for (relative, name), reason in ALLOWED.items():
        assert len(reason) > 20, (relative, name)
        assert name in (ROOT / relative).read_text(encoding="utf-8"), (relative, name)


def test_the_check_finds_what_it_looks_for(tmp_path):
    """The check itself: tags in strings and f-strings and the escape hatches are found; prose is not."""
    sample = tmp_path / "sample.py"
    sample.write_text(
        '"""A module docstring may say <b>.</b>"""\n'
        "from django.utils.html import format_html\n"
        "from django.utils import safestring\n"
        "ROW = '<tr class=\"x\">'\n"
        "def cell(v):\n"
        "    return f'<td>{v}</td>'\n"
        "HINT = 'Fill in <name> for the <fieldname>_place field'\n"
        "PATTERN = r'(?P<year>\\d{4})'\n"
        "X = safestring.mark_safe('x')\n",
        encoding="utf-8",
    )
    text = "\n".join(findings(sample, tmp_path))
    assert "'<tr class=\"x\">'" in text and "'<td>'" in text
    assert "format_html" in text and "mark_safe" in text
    assert "<name>" not in text and "<fieldname>" not in text and "<year>" not in text and "<b>" not in text
