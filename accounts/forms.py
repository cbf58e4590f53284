from django import forms
from django_countries import countries

from accounts.models import VisaProfile
from listings.models import Outcome

MAX_CITIZENSHIPS = VisaProfile._meta.get_field("citizenships").size


class VisaProfileForm(forms.ModelForm):
    citizenships = forms.MultipleChoiceField(
        label="Citizenship",
        choices=countries,
        widget=forms.SelectMultiple(attrs={"size": 8}),
        help_text="Choose every country you are a citizen of (Ctrl or Cmd to choose more).",
    )

    class Meta:
        model = VisaProfile
        fields = ["citizenships", "status", "degree", "stem", "opt_end"]
        widgets = {"opt_end": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}
        help_texts = {"opt_end": "Only if you are on OPT or STEM OPT: the end date on your card."}

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
