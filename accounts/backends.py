from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend


class MemberBackend(ModelBackend):
    """Django's model backend, reading the member's visa profile in the same query as the
    member: every page a member opens shows job cards, and the cards need both."""

    def get_user(self, user_id):
        users = get_user_model()._default_manager.select_related("visa_profile")
        user = users.filter(pk=user_id).first()
        return user if user is not None and self.user_can_authenticate(user) else None
