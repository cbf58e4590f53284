from django import forms

from alerts.models import Alert
from listings.pages.filters import JobFilter


class FrequencyForm(forms.ModelForm):
    class Meta:
        model = Alert
        fields = ["frequency"]
        labels = {"frequency": "How often"}
        widgets = {"frequency": forms.RadioSelect}


class AlertForm:
    """An alert's search, read by the search page's own FilterSet so the page and the email
    agree on what matches, plus how often to send it."""

    def __init__(self, search_data, data=None, *, instance: Alert | None = None) -> None:
        self.instance = instance or Alert()
        self.search = JobFilter(search_data).form
        self.frequency = FrequencyForm(data, instance=self.instance)

    def is_valid(self) -> bool:
        return all([self.search.is_valid(), self.frequency.is_valid()])

    def save(self, user) -> Alert:
        alert = self.frequency.save(commit=False)
        alert.user = user
        alert.set_search(self.search.cleaned_data)
        alert.save()
        return alert
