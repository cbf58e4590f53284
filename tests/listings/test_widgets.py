"""The filter form's widgets written in Python write what Django's own templates would, for
every state a box can be in and for hostile text."""

import pytest
from django import forms

from listings.pages.widgets import QuickCheckbox, QuickSelect, QuickText

HOSTILE = '"><script>alert(1)</script>'


@pytest.mark.parametrize("value", [None, False, True, "", "on", "false"])
def test_a_checkbox_is_written_as_djangos(value):
    attrs = {"id": "id_cap_exempt"}

    ours = QuickCheckbox().render("cap_exempt", value, attrs)

    assert ours == forms.CheckboxInput().render("cap_exempt", value, attrs)


@pytest.mark.parametrize("value", [None, "", "python", "machine learning", HOSTILE, 0])
def test_a_text_box_is_written_as_djangos(value):
    attrs = {"maxlength": "200", "id": "id_q"}

    ours = QuickText().render("q", value, attrs)

    assert ours == forms.TextInput().render("q", value, attrs)
    assert "<script>" not in ours


@pytest.mark.parametrize("value", [None, "", "texas", HOSTILE])
def test_a_select_is_written_as_djangos(value):
    choices = [("", "Any state"), ("texas", "Texas"), ("georgia", 'Georgia "GA"')]
    attrs = {"id": "id_state", "aria-describedby": "state-hint"}

    ours = QuickSelect(choices=choices).render("state", value, attrs)

    # Django writes each option on a line of its own; a browser reads the two alike.
    django = forms.Select(choices=choices).render("state", value, attrs).replace("\n", "")
    assert ours == django.replace("  <option", "<option")
