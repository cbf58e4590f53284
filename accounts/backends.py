"""How a signed-in member is read on each request: with their visa profile, whether their
email address is verified and whether they keep any alerts, in one query, kept for up to a
minute in the sessions cache and read from it with the marks kept for their pages, in the
same round trip as their session where its key names them (`accounts.sessions`)."""

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.core.cache import caches
from django.db.models import Exists, OuterRef

from accounts.sessions import fetched_with_session, member_key
from alerts.models import Alert
from listings.caching import forget_on_commit
from listings.pages.marks import marks_key

# The sessions cache: entries live at most a minute, with no in-process fallback while Redis
# is away (settings.CACHES), so a change made then still reaches every process within it.
MEMBER_SECONDS = 60


class MemberBackend(ModelBackend):
    """Django's model backend, reading the member's visa profile, email verification and
    whether they have alerts in the same query as the member: every page a member opens
    needs the member, listing pages need the profile, and the alerts page the verification
    and, for the many members without alerts, no query of its own. The row is cached, and
    dropped whenever the member, their profile, their email addresses or their alerts change
    (accounts.apps, alerts.apps), so a changed password or a deleted account takes effect at
    once."""

    def get_user(self, user_id):
        cache = caches["sessions"]
        key, marks = member_key(user_id), marks_key(user_id)
        found = fetched_with_session(user_id)
        if found is None:  # their marks too: one round trip, not two
            found = cache.get_many([key, marks])
        user = found.get(key)
        if user is None:
            verified = EmailAddress.objects.filter(user=OuterRef("pk"), verified=True, primary=True)
            users = get_user_model()._default_manager.select_related("visa_profile")
            alerts = Alert.objects.filter(user=OuterRef("pk"))
            user = (
                users.annotate(email_verified=Exists(verified), has_alerts=Exists(alerts))
                .filter(pk=user_id)
                .first()
            )
            if user is not None:
                cache.set(key, user, MEMBER_SECONDS)
        if user is not None:
            user.kept_marks = found.get(marks)
        return user if user is not None and self.user_can_authenticate(user) else None


def forget_member(sender, instance, **_signal) -> None:
    """Receiver: a member, their profile, an email address or an alert changed. Dropped now
    and again when the change commits: a page the member opened meanwhile may have cached
    the row as it was before."""
    user_id = instance.pk if isinstance(instance, get_user_model()) else instance.user_id
    forget_on_commit(caches["sessions"], member_key(user_id))
