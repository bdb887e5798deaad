"""Bootstrap 5 markup for a form's fields, built in Python.

The readiness answers have a dozen fields and twenty radio options; rendering each of
them through templates was two thirds of that page's time. The markup matches what
crispy-forms' Bootstrap 5 pack writes (labels, fieldsets for choices, help and errors
tied to their field with aria-describedby), so pages look and read the same.
"""

from __future__ import annotations

from django import forms, template
from django.forms.boundfield import BoundField
from django.forms.utils import flatatt
from django.forms.widgets import Input
from django.utils.html import conditional_escape, format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

register = template.Library()


@register.filter
def fields(form: forms.BaseForm) -> SafeString:
    """Every field of `form`, with the form's own errors first."""
    parts = [
        format_html('<div class="alert alert-danger" role="alert">{}</div>', error)
        for error in form.non_field_errors()
    ]
    parts += [field(bound) for bound in form]
    return mark_safe("".join(parts))  # noqa: S308 - each part is escaped above or in field()


@register.filter
def field(bound: BoundField) -> SafeString:
    """One field: label, widget, help text and errors."""
    widget = bound.field.widget
    if widget.is_hidden:
        return SafeString(str(bound))
    described = []
    help_html = error_html = SafeString("")
    if bound.help_text:
        described.append(f"{bound.auto_id}_helptext")
        help_html = format_html(
            '<div id="{}_helptext" class="form-text">{}</div>', bound.auto_id, bound.help_text
        )
    if bound.errors:
        described.append(f"{bound.auto_id}_error")
        error_html = format_html(
            '<div id="{}_error" class="invalid-feedback d-block">{}</div>',
            bound.auto_id,
            format_html_join("", "<p><strong>{}</strong></p>", ((e,) for e in bound.errors)),
        )
    if isinstance(widget, forms.RadioSelect):
        return _choices(bound, " ".join(described), help_html, error_html)
    attrs: dict[str, str | bool] = {"class": _widget_class(widget, bool(bound.errors))}
    if described:
        attrs["aria-describedby"] = " ".join(described)
    if bound.errors:
        attrs["aria-invalid"] = "true"
    control = _control(bound, attrs)
    if isinstance(widget, forms.CheckboxInput):
        return format_html(
            '<div id="div_{}" class="mb-3"><div class="form-check">{}'
            '<label for="{}" class="form-check-label">{}</label>{}{}</div></div>',
            bound.auto_id, control, bound.id_for_label, bound.label, error_html, help_html,
        )  # fmt: skip
    return format_html(
        '<div id="div_{}" class="mb-3"><label for="{}" class="form-label">{}</label>{}{}{}</div>',
        bound.auto_id, bound.id_for_label, bound.label, control, error_html, help_html,
    )  # fmt: skip


def _control(bound: BoundField, extra: dict[str, str | bool]) -> SafeString:
    """The widget's own element, as its template would write it, without the template."""
    widget = bound.field.widget
    attrs = widget.build_attrs(widget.attrs, {**bound.build_widget_attrs({}), **extra})
    attrs["id"] = bound.auto_id
    if bound.field.required and not isinstance(widget, forms.CheckboxInput):
        attrs["required"] = True
    value = bound.value()
    if isinstance(widget, forms.Textarea):
        shown = widget.format_value(value) or ""
        return format_html(
            '<textarea name="{}"{}>\n{}</textarea>', bound.html_name, flatatt(attrs), shown
        )
    if isinstance(widget, forms.CheckboxInput):
        if widget.check_test(value):
            attrs["checked"] = True
        return format_html('<input type="checkbox" name="{}"{}>', bound.html_name, flatatt(attrs))
    if isinstance(widget, Input):
        formatted = widget.format_value(value)
        if formatted is not None:
            attrs["value"] = formatted
        return format_html(
            '<input type="{}" name="{}"{}>', widget.input_type, bound.html_name, flatatt(attrs)
        )
    return bound.as_widget(attrs=extra)  # anything else through its own template


def _widget_class(widget: forms.Widget, invalid: bool) -> str:
    if isinstance(widget, forms.CheckboxInput):
        name = "form-check-input"
    elif isinstance(widget, forms.Select):
        name = "form-select"
    else:
        name = "form-control"
    own = widget.attrs.get("class", "")
    return " ".join(part for part in (own, name, "is-invalid" if invalid else "") if part)


def _choices(bound: BoundField, described: str, help_html: str, error_html: str) -> SafeString:
    """Radio buttons in a fieldset whose legend is the question."""
    choice_field = bound.field
    assert isinstance(choice_field, forms.ChoiceField)  # noqa: S101 - for mypy: only these have radios
    value = bound.value()
    chosen = {str(v) for v in value} if isinstance(value, list | tuple) else {str(value)}
    invalid = " is-invalid" if bound.errors else ""
    required = " required" if bound.field.required else ""
    # The field's own parts are escaped once, not once an option: with ten arguments an
    # option through format_html_join, escaping was most of the readiness form's time.
    name, auto_id = conditional_escape(bound.html_name), conditional_escape(bound.auto_id)
    options = mark_safe(  # noqa: S308 - every value in it is escaped here
        "".join(
            f'<div class="form-check"><input type="radio" class="form-check-input{invalid}" '
            f'name="{name}" value="{conditional_escape(choice)}" id="{auto_id}_{index}"'
            f"{' checked' if str(choice) in chosen else ''}{required}>"
            f'<label for="{auto_id}_{index}" class="form-check-label">'
            f"{conditional_escape(label)}</label></div>"
            # The stubs type the getter like the setter (a mapping, a callable, an enum);
            # Django normalises those on the way in and always hands back (value, label)s.
            for index, (choice, label) in enumerate(choice_field.choices)  # type: ignore[arg-type]
        )
    )
    return format_html(
        '<div id="div_{}" class="mb-3"><fieldset{}><legend class="form-label fs-6">{}</legend>'
        "{}{}{}</fieldset></div>",
        bound.auto_id,
        format_html(' aria-describedby="{}"', described) if described else "",
        bound.label,
        options,
        error_html,
        help_html,
    )
