"""Form widgets for the filter form that every listing page renders."""

from django import forms
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from listings.pages import places


class QuickSelect(forms.Select):
    """A <select> whose options are written in Python. Django renders each option through its
    own template, which cost more than all of a listing page's SQL together."""

    def render(self, name, value, attrs=None, renderer=None) -> SafeString:
        chosen = "" if value is None else str(value)
        options = format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            (
                (key, " selected" if str(key) == chosen else "", label)
                for key, label in self.choices
            ),
        )
        return format_html(
            '<select name="{}"{}>{}</select>',
            name,
            flatatt(self.build_attrs(self.attrs, attrs)),
            options,
        )


class CityInput(forms.TextInput):
    """A text box that suggests our cities as the member types: a <datalist> written by the
    server, so the suggestions work without JavaScript."""

    LIST_ID = "city-suggestions"

    def __init__(self, attrs=None) -> None:
        super().__init__({"list": self.LIST_ID, "autocomplete": "off", **(attrs or {})})

    def render(self, name, value, attrs=None, renderer=None) -> SafeString:
        box = format_html(
            '<input type="text" name="{}"{}{}>',
            name,
            format_html(' value="{}"', value) if value else "",
            flatatt(self.build_attrs(self.attrs, attrs)),
        )
        options = format_html_join(
            "", '<option value="{}"></option>', ((label,) for label in places.suggestions())
        )
        return box + format_html('<datalist id="{}">{}</datalist>', self.LIST_ID, options)
