"""kern_widget renders selects itself (fast); the result must match what Django's widget would say."""

from django import forms
from django.template import Context, Template
from django.test.html import parse_html

TEMPLATE = Template("{% load kern %}{% kern_widget form.choice %}")


class ChoiceForm(forms.Form):
    choice = forms.ChoiceField(choices=[("", "alle"), ("a", "A & B"), ("b", "<b>")], help_text="Hilfe", required=True)


def render(data):
    form = ChoiceForm(data)
    form.is_valid()
    return TEMPLATE.render(Context({"form": form}))


def test_selected_value_escaping_and_required():
    html = render({"choice": "a"})
    assert '<option value="a" selected>A &amp; B</option>' in html
    assert '<option value="b">&lt;b&gt;</option>' in html
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


class PersonForm(forms.Form):
    name = forms.CharField(label="Name", help_text="Wie im Pass")
    email = forms.EmailField(label="E-Mail", required=False)
    start = forms.DateField(label="Beginn", widget=forms.DateInput(attrs={"type": "date"}))
    note = forms.CharField(label="Notiz", widget=forms.Textarea(attrs={"rows": 3}), required=False)
    agree = forms.BooleanField(label="Einverstanden", required=False)
    size = forms.ChoiceField(label="Größe", choices=[("s", "klein"), ("l", "groß")], widget=forms.RadioSelect)


def render_field(form, name):
    return Template("{% load kern %}{% kern_field field %}").render(Context({"field": form[name]}))


def test_text_field_keeps_what_was_typed_and_points_to_hint_and_error():
    form = PersonForm({"name": "", "email": "kein-mail<>", "start": "2026-02-30"})
    form.is_valid()
    html = render_field(form, "email")
    assert 'value="kein-mail&lt;&gt;"' in html and 'type="email"' in html
    assert 'aria-invalid="true"' in html and 'aria-describedby="id_email-error"' in html
    assert '<span class="kern-label__optional">– optional</span>' in html
    assert 'id="id_email-error" role="alert"' in html
    name = render_field(form, "name")
    assert 'aria-describedby="id_name-hint id_name-error"' in name and " required" in name
    assert '<div class="kern-hint" id="id_name-hint">Wie im Pass</div>' in name
    assert 'value="2026-02-30"' in render_field(form, "start")


def test_unbound_fields_render_like_django_widgets():
    form = PersonForm(initial={"note": "a & b", "agree": True, "size": "l"})
    for name in ("email", "start", "note"):  # no hint: the same attributes go in, the same element comes out
        ours = Template("{% load kern %}{% kern_widget f %}").render(Context({"f": form[name]}))
        django = form[name].as_widget(attrs={"class": "kern-form-input__input"})
        assert parse_html(ours) == parse_html(django), name
    assert ">\na &amp; b</textarea>" in render_field(form, "note")
    assert 'type="checkbox" name="agree" id="id_agree" checked>' in render_field(form, "agree")
    radios = render_field(form, "size")
    assert "<legend" in radios and 'value="l" id="id_size_1" checked' in radios
    assert 'value="s" id="id_size_0">' in radios
