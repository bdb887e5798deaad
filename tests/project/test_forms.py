"""Forms are drawn by crispy-forms' Bootstrap 5 pack, the one form renderer: answers kept,
values escaped, and each error and help text tied to its field."""

from __future__ import annotations

from django import forms
from django.template import Context, Template

from tests.markup import elements


def fields(form: forms.BaseForm) -> str:
    return Template("{% load crispy_forms_tags %}{{ form|crispy }}").render(Context({"form": form}))


class Answers(forms.Form):
    when = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}), help_text="A day.")
    side = forms.ChoiceField(
        choices=[("mine", "Mine"), ("theirs", "<Theirs>")], widget=forms.RadioSelect
    )
    honest = forms.BooleanField(required=False)
    plan = forms.CharField(widget=forms.Textarea(attrs={"rows": 4}), max_length=50)
    count = forms.IntegerField(required=False)


def test_it_keeps_every_answer_given():
    form = Answers(
        {
            "when": "2026-01-02",
            "side": "theirs",
            "honest": "on",
            "plan": "a </textarea>",
            "count": "3",
        }
    )
    html = fields(form)
    found = {attrs.get("id"): (tag, attrs) for tag, attrs in elements(html)}
    assert found["id_when"][1]["value"] == "2026-01-02"
    assert "checked" in found["id_side_1"][1] and "checked" not in found["id_side_0"][1]
    assert "checked" in found["id_honest"][1]
    assert found["id_count"][1]["value"] == "3"
    assert "a &lt;/textarea&gt;</textarea>" in html  # a value never closes its element
    assert "&lt;Theirs&gt;" in html


def test_each_error_and_help_text_is_tied_to_its_field():
    form = Answers({"when": "not a day", "side": "nobody's", "plan": "x" * 51})
    assert not form.is_valid()
    html = fields(form)
    found = {attrs.get("id"): attrs for _, attrs in elements(html)}
    assert found["id_when"]["aria-describedby"] == "id_when_helptext id_when_error"
    assert found["id_when"]["aria-invalid"] == "true"
    assert "Enter a valid date." in html
    assert 'id="id_side_error"' in html and "Select a valid choice." in html
    assert "is-invalid" in found["id_plan"]["class"]
    # Every control has a label that names it; radio buttons share a legend.
    labels = {attrs["for"] for tag, attrs in elements(html) if tag == "label"}
    assert {"id_when", "id_side_0", "id_side_1", "id_honest", "id_plan", "id_count"} <= labels
    assert "<legend" in html


def test_the_forms_own_errors_come_first():
    form = Answers({})
    form.is_valid()
    form.add_error(None, "Something about the whole form.")
    html = fields(form).lstrip()
    assert html.startswith('<div class="alert alert-block alert-danger">')
    assert html.index("Something about the whole form.") < html.index('id="id_when"')
