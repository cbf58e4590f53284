from django import forms
from django_countries import countries

from accounts.models import MAX_EXPERIENCE_YEARS, VisaProfile
from listings.models import Outcome

MAX_CITIZENSHIPS = VisaProfile._meta.get_field("citizenships").size


class CountedSelect(forms.NullBooleanSelect):
    """Yes / no / not said, in the question's own words."""

    def __init__(self, attrs=None) -> None:
        super().__init__(attrs)
        self.choices = [
            ("unknown", "Not in H-1B status, or not sure"),
            ("true", "Yes: a cap-subject employer's H-1B"),
            ("false", "No: only cap-exempt employers (universities, research bodies)"),
        ]


class VisaProfileForm(forms.ModelForm):
    citizenships = forms.MultipleChoiceField(
        label="Citizenship",
        choices=countries,
        widget=forms.SelectMultiple(attrs={"size": 8}),
        help_text="Choose every country you are a citizen of (Ctrl or Cmd to choose more).",
    )

    class Meta:
        model = VisaProfile
        fields = [
            "citizenships",
            "status",
            "degree",
            "stem",
            "experience_years",
            "opt_end",
            "counted_against_cap",
        ]
        widgets = {
            "opt_end": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "counted_against_cap": CountedSelect,
            "experience_years": forms.NumberInput(attrs={"min": 0, "max": MAX_EXPERIENCE_YEARS}),
        }
        help_texts = {
            "opt_end": "Only if you are on OPT or STEM OPT: the end date on your card.",
            "experience_years": "Work can stand in for a degree: three years for each year of "
            "university (H-1B, E-3, H-1B1), and some TN professions take a diploma and three "
            "years.",
            "counted_against_cap": "Only if you are in H-1B status: a cap-subject employer's "
            "H-1B counts; time with universities and other cap-exempt employers does not.",
        }

    def clean_citizenships(self) -> list[str]:
        chosen = self.cleaned_data["citizenships"]
        if len(chosen) > MAX_CITIZENSHIPS:
            raise forms.ValidationError(f"Choose at most {MAX_CITIZENSHIPS} countries.")
        return sorted(chosen)


class OutcomeForm(forms.Form):
    result = forms.ChoiceField(label="What happened?", choices=Outcome.Result.choices)


class ConfirmPasswordForm(forms.Form):
    password = forms.CharField(
        label="Your password", strip=False, max_length=4096, widget=forms.PasswordInput
    )

    def __init__(self, user, *args, **kwargs) -> None:
        self.user = user
        super().__init__(*args, **kwargs)

    def clean_password(self) -> str:
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError("That is not your password.")
        return password
