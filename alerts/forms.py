from django import forms

from alerts.models import Alert
from alerts.search import REFUSED, kept_names
from listings.pages.filters import JobFilter
from listings.visas.profile import profile_of


class FrequencyForm(forms.ModelForm):
    class Meta:
        model = Alert
        fields = ["frequency"]
        labels = {"frequency": "How often"}
        widgets = {"frequency": forms.RadioSelect}


class AlertForm:
    """An alert's search, read by the search page's own FilterSet so the page and the email
    agree on what matches, plus how often to send it. A filter alerts cannot follow
    (alerts.search.REFUSED) is refused with its reason rather than silently dropped."""

    def __init__(
        self, search_data, data=None, *, instance: Alert | None = None, request=None
    ) -> None:
        self.instance = instance or Alert()
        self.profile = profile_of(request)
        self.search = JobFilter(search_data).form
        self.frequency = FrequencyForm(data, instance=self.instance)

    @property
    def search_fields(self) -> list[forms.BoundField]:
        """The search fields an alert keeps, in the search page's order."""
        return [self.search[name] for name in kept_names()]

    def search_is_valid(self) -> bool:
        valid = self.search.is_valid()
        for name, reason in REFUSED.items():
            if self.search.cleaned_data.get(name):
                self.search.add_error(name, reason)
                valid = False
        return valid

    def is_valid(self) -> bool:
        return all([self.search_is_valid(), self.frequency.is_valid()])

    def save(self, user) -> Alert:
        alert = self.frequency.save(commit=False)
        alert.user = user
        alert.set_search(self.search.cleaned_data, self.profile)
        alert.save()
        return alert
