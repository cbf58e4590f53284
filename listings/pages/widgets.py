"""Form widgets for the filter form that every listing page renders."""

from functools import lru_cache

from django import forms
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

from listings.pages import places


class QuickSelect(forms.Select):
    """A <select> whose options are written in Python, once per choice made. Django renders
    each option through its own template, which cost more than all of a listing page's SQL
    together; a filter form has eight selects."""

    def render(self, name, value, attrs=None, renderer=None) -> SafeString:
        chosen = "" if value is None else str(value)
        attributes = _attributes(self.build_attrs(self.attrs, attrs))
        return _select(name, chosen, attributes, tuple(self.choices))


@lru_cache(maxsize=512)
def _select(name: str, chosen: str, attributes: str, choices: tuple) -> SafeString:
    options = format_html_join(
        "",
        '<option value="{}"{}>{}</option>',
        ((key, " selected" if str(key) == chosen else "", label) for key, label in choices),
    )
    return format_html('<select name="{}"{}>{}</select>', name, attributes, options)


def _attributes(attrs: dict) -> SafeString:
    """A widget's attributes as Django's attrs.html writes them: in order, True ones bare and
    False ones left out."""
    written = [
        format_html(" {}", key) if value is True else format_html(' {}="{}"', key, value)
        for key, value in attrs.items()
        if value is not False
    ]
    return mark_safe("".join(written))  # each part escaped by format_html


def _input(kind: str, name: str, shown: str | None, attrs: dict) -> SafeString:
    """An <input> as Django's input.html writes it: the value if there is one, then the
    attributes."""
    return format_html(
        '<input type="{}" name="{}"{}{}>',
        kind,
        name,
        format_html(' value="{}"', shown) if shown is not None else "",
        _attributes(attrs),
    )


class QuickCheckbox(forms.CheckboxInput):
    """A checkbox written in Python, as QuickSelect writes a select: the markup of Django's
    template for it, without a template render per box."""

    def render(self, name, value, attrs=None, renderer=None) -> SafeString:
        attributes = self.build_attrs(self.attrs, attrs)
        if self.check_test(value):
            attributes["checked"] = True
        return _input("checkbox", name, self.format_value(value), attributes)


class QuickText(forms.TextInput):
    """A text box written in Python (QuickCheckbox says why)."""

    def render(self, name, value, attrs=None, renderer=None) -> SafeString:
        attributes = self.build_attrs(self.attrs, attrs)
        return _input("text", name, self.format_value(value), attributes)


class CityInput(QuickText):
    """A text box that suggests our cities as the member types: a <datalist> written by the
    server, so the suggestions work without JavaScript."""

    LIST_ID = "city-suggestions"

    def __init__(self, attrs=None) -> None:
        super().__init__({"list": self.LIST_ID, "autocomplete": "off", **(attrs or {})})

    def render(self, name, value, attrs=None, renderer=None) -> SafeString:
        box = super().render(name, value, attrs, renderer)
        return box + _datalist(self.LIST_ID, tuple(places.suggestions()))


@lru_cache(maxsize=4)
def _datalist(list_id: str, labels: tuple[str, ...]) -> SafeString:
    """The suggestions, written once per list of them: up to 500 options on every page."""
    options = format_html_join("", '<option value="{}"></option>', ((label,) for label in labels))
    return format_html('<datalist id="{}">{}</datalist>', list_id, options)
