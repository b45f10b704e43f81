"""The page's error summary finds every bound form with errors in the context, without building lazy forms."""

from django import forms
from django.template import Context
from django.utils.functional import SimpleLazyObject

from lotse.core.templatetags.error_summary import _forms_with_errors


class NameForm(forms.Form):
    name = forms.CharField()


def test_a_lazy_form_the_page_never_built_stays_unbuilt():
    built = []
    lazy = SimpleLazyObject(lambda: built.append(1) or NameForm())
    assert _forms_with_errors(Context({"event_form": lazy})) == []
    assert built == []


def test_a_lazy_form_once_built_is_checked_like_any_other():
    lazy = SimpleLazyObject(lambda: NameForm(data={}))
    assert not lazy.is_valid()  # the page built it
    found = _forms_with_errors(Context({"event_form": lazy, "other": NameForm(data={"name": "x"})}))
    assert len(found) == 1 and list(found[0].errors) == ["name"]
