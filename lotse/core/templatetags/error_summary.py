"""{% error_summary %}: one error summary at the top of the page for every bound form in the context that has
errors (GOV.UK / KERN pattern). base.html calls it once; a template that renders a form in an htmx fragment
includes components/error_summary.html itself and empties the block `error_summary`."""

from django import forms, template
from django.forms.formsets import BaseFormSet
from django.utils.functional import LazyObject, empty

register = template.Library()

MULTIPLE = ("radioselect", "checkboxselectmultiple")


def _forms_with_errors(context) -> list[forms.BaseForm]:
    found, seen = [], set()

    def add(form):
        if id(form) in seen:
            return
        seen.add(id(form))
        if isinstance(form, BaseFormSet):
            if form.is_bound:
                for item in form.forms:
                    add(item)
                if form.non_form_errors():
                    found.append(form)
        elif isinstance(form, forms.BaseForm) and form.is_bound and form.errors:
            found.append(form)

    for layer in context.dicts:
        for value in list(layer.values()) if hasattr(layer, "values") else []:
            if _never_built(value):
                continue
            if isinstance(value, (forms.BaseForm, BaseFormSet)):
                add(value)
            elif isinstance(value, (list, tuple)) and len(value) < 50:
                for item in value:
                    if isinstance(item, (forms.BaseForm, BaseFormSet)):
                        add(item)
    return found


def _never_built(value) -> bool:
    """A lazy form the page has not built yet has no errors; isinstance() on it would build it (the case page's
    event form is built only when its kept HTML has run out)."""
    return issubclass(type(value), LazyObject) and value._wrapped is empty


def summary_items(form_list) -> list[dict]:
    """Each error once, in the order of the form: {"text", "href"} (href empty for errors without a field)."""
    items = []
    for form in form_list:
        if isinstance(form, BaseFormSet):
            items += [{"text": str(error), "href": ""} for error in form.non_form_errors()]
            continue
        items += [{"text": str(error), "href": ""} for error in form.non_field_errors()]
        for bound in form:
            if not bound.errors:
                continue
            if bound.is_hidden:
                items += [{"text": str(error), "href": ""} for error in bound.errors]
                continue
            target = bound.auto_id + ("_0" if bound.widget_type in MULTIPLE else "")
            for error in bound.errors:
                items.append({"text": str(error), "href": f"#{target}", "label": bound.label})
    return items


@register.inclusion_tag("components/error_summary.html", takes_context=True)
def error_summary(context):
    return {"errors": summary_items(_forms_with_errors(context))}


@register.simple_tag(takes_context=True)
def page_has_form_errors(context) -> bool:
    return bool(_forms_with_errors(context))


@register.inclusion_tag("components/error_summary.html")
def error_summary_for(*form_list):
    return {"errors": summary_items([f for f in form_list if f is not None and f.is_bound])}
