"""Region scoping is enforced centrally: a query without any filter still shows only what is the actor's."""

import ast
from pathlib import Path

import pytest

from lotse.accounts.models import Organisation
from lotse.core.scoping import ScopeError, visibility_for

pytestmark = pytest.mark.django_db


def visible_employers(user):
    with visibility_for(user):
        # Deliberately no filter: this is the "forgotten filter" every view could make.
        return set(
            Organisation.objects.filter(kind=Organisation.Kind.UNTERNEHMEN).values_list("name", flat=True)
        )


def test_regional_adviser_sees_only_own_region(world):
    assert visible_employers(world["users"]["adviser_a"]) == {"Metall A GmbH"}
    assert visible_employers(world["users"]["adviser_b"]) == {"Pflege B gGmbH"}


def test_adviser_of_region_a_cannot_read_region_b_object_by_id(world):
    other = world["orgs"]["employer_b"]
    with visibility_for(world["users"]["adviser_a"]):
        with pytest.raises(Organisation.DoesNotExist):
            Organisation.objects.get(pk=other.pk)


def test_fai_sees_all_regions(world):
    assert visible_employers(world["users"]["fai"]) == {"Metall A GmbH", "Pflege B gGmbH"}


def test_employer_sees_only_itself(world):
    assert visible_employers(world["users"]["employer_a"]) == {"Metall A GmbH"}
    with visibility_for(world["users"]["employer_a"]):
        with pytest.raises(Organisation.DoesNotExist):
            Organisation.objects.get(pk=world["orgs"]["employer_b"].pk)


def test_ministry_and_strangers_see_no_employer(world):
    assert visible_employers(world["users"]["mags"]) == set()
    assert visible_employers(world["users"]["nobody"]) == set()


def test_partner_organisations_are_a_public_directory(world):
    with visibility_for(world["users"]["employer_a"]):
        names = set(Organisation.objects.values_list("name", flat=True))
    assert {"FAI NRW", "RA Düsseldorf", "RA Münsterland", "MAGS"} <= names


def test_query_without_active_visibility_is_refused(world):
    with pytest.raises(ScopeError):
        list(Organisation.objects.all())


def test_views_never_bypass_the_scope():
    """`unscoped` managers are for imports, jobs and aggregate reports, never for request handlers."""
    root = Path(__file__).resolve().parents[2] / "lotse"
    offenders = []
    views = [p for p in root.rglob("*.py") if p.name.startswith("views") or "views" in p.relative_to(root).parts]
    assert root / "cases" / "views" / "cases.py" in views  # view packages are read too
    for path in views:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Attribute) and node.attr == "unscoped":
                offenders.append(f"{path.relative_to(root)}:{node.lineno}")
            if isinstance(node, ast.Name) and node.id == "system_access":
                offenders.append(f"{path.relative_to(root)}:{node.lineno}")
    assert offenders == []
