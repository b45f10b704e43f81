"""One permission model: every role-restricted page is guarded by a decorator of lotse.core.permissions, and every
refusal is Django's PermissionDenied (a 403), never the builtin PermissionError."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import URLPattern, URLResolver, get_resolver

from lotse.core import permissions

ROOT = Path(__file__).resolve().parents[2] / "lotse"

# Path prefixes whose every page needs a role; each view carries the check it requires.
GUARDED_PREFIXES = ("faelle/", "mein-bereich/", "workshops/verwaltung/", "kommunikation/")


def _patterns(resolver, prefix=""):
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            yield from _patterns(entry, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern), entry.callback


def test_every_role_restricted_page_is_guarded_by_a_permission_decorator():
    guarded = [(route, view) for route, view in _patterns(get_resolver()) if route.startswith(GUARDED_PREFIXES)]
    assert len(guarded) > 40
    unguarded = [route for route, view in guarded if not callable(getattr(view, "permission_check", None))]
    assert unguarded == []


def test_no_module_raises_the_builtin_permission_error():
    offenders = []
    for path in ROOT.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Raise) and node.exc is not None:
                target = node.exc.func if isinstance(node.exc, ast.Call) else node.exc
                if isinstance(target, ast.Name) and target.id == "PermissionError":
                    offenders.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert offenders == []


def test_permission_modules_of_the_apps_are_gone():
    for old in ("cases/permissions.py", "events/services/permissions.py", "communication/permissions.py",
                "reporting/permissions.py", "fairness/access.py"):
        assert not (ROOT / old).exists(), old


def test_require_raises_permission_denied():
    permissions.require(True)
    with pytest.raises(PermissionDenied):
        permissions.require(False)


@pytest.mark.django_db
def test_decorator_sends_anonymous_to_login_and_refuses_the_wrong_role(rf, world):
    from django.contrib.auth.models import AnonymousUser

    @permissions.adviser_required
    def view(request):
        return "ok"

    request = rf.get("/faelle/")
    request.user = AnonymousUser()
    assert view(request).status_code == 302
    request.user = world["users"]["employer_a"]
    with pytest.raises(PermissionDenied):
        view(request)
    request.user = world["users"]["adviser_a"]
    assert view(request) == "ok"
