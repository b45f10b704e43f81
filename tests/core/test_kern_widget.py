"""kern_widget renders selects itself (fast); the result must match what Django's widget would say."""

from django import forms
from django.template import Context, Template

TEMPLATE = Template("{% load kern %}{% kern_widget form.choice %}")


class ChoiceForm(forms.Form):
    choice = forms.ChoiceField(
        choices=[("", "alle"), ("a", "A & B"), ("b", "<b>")], help_text="Hilfe", required=True
    )


def render(data):
    form = ChoiceForm(data)
    form.is_valid()
    return TEMPLATE.render(Context({"form": form}))


def test_selected_value_escaping_and_required():
    html = render({"choice": "a"})
    assert '<option value="a" selected>A &amp; B</option>' in html
    assert "<option value=\"b\">&lt;b&gt;</option>" in html
    assert 'name="choice"' in html and 'id="id_choice"' in html and "required" in html
    assert 'aria-describedby="id_choice-hint"' in html
    assert 'class="kern-form-input__select"' in html


def test_errors_mark_the_select_invalid():
    html = render({"choice": "nope"})
    assert 'aria-invalid="true"' in html
    assert "kern-form-input__select--error" in html
    assert 'aria-describedby="id_choice-hint id_choice-error"' in html
    assert " selected" not in html


def test_option_groups_fall_back_to_django():
    class Grouped(forms.Form):
        choice = forms.ChoiceField(choices=[("Gruppe", [("x", "X")])])

    html = Template("{% load kern %}{% kern_widget form.choice %}").render(Context({"form": Grouped()}))
    assert '<optgroup label="Gruppe">' in html
