"""Sessions that bring the signed-in member with them (`SESSION_ENGINE`).

Every page a member opens reads their session, then the member (`backends.MemberBackend`) and
their marks, which are kept beside it in the sessions cache. One after the other, that is two
round trips to Redis, and each lets go of the interpreter lock while it waits, so under load
another thread takes it: the second trip cost `/alerts/` about a tenth of its time. So a
member's session key ends with their id (Django's 32 random characters, `_`, the id in base
36), and reading the session fetches the member's row and marks in the same round trip.

The id in the key only says what to fetch. The member is still the one the session's own data
names (`django.contrib.auth.get_user`): what was fetched for any other id is not used.

A session gets such a key when its member signs in (`name_for_member`, on `user_logged_in`)
or changes their password (Django cycles the key then). Sessions from before keep their keys
and read the member in a second round trip.
"""

from contextvars import ContextVar

from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.backends import cached_db
from django.http import HttpRequest
from django.utils.http import base36_to_int, int_to_base36

from listings.pages.marks import marks_key

SEPARATOR = "_"
RANDOM_LENGTH = 32  # Django's own session keys
KEY_LENGTH = 40  # the longest key the sessions table holds

# What reading a member's session fetched with it, for the member backend, which is handed only
# the member's id. Set by each session read, taken by the first use, and forgotten when the
# thread's next request starts (a render thread runs a copy of its request's context).
_fetched: ContextVar[tuple[int, dict] | None] = ContextVar("member_fetched", default=None)


def member_key(user_id) -> str:
    return f"member:{user_id}"


def member_in(session_key: str | None) -> int | None:
    """The member id a session key ends with, or None for a key without one."""
    random, separator, tail = (session_key or "").rpartition(SEPARATOR)
    if not separator or len(random) != RANDOM_LENGTH:
        return None
    try:
        return base36_to_int(tail)
    except ValueError:
        return None


def fetched_with_session(user_id) -> dict | None:
    """The cache entries fetched with this thread's last session read, if that session's key
    named this member; once."""
    fetched = _fetched.get()
    if fetched is None or str(fetched[0]) != str(user_id):
        return None
    _fetched.set(None)
    return fetched[1]


def forget_fetched(**_signal) -> None:
    """Receiver of `request_started`: nothing fetched for an earlier request is used by this
    one, even where this one reads no session before asking for its member."""
    _fetched.set(None)


class SessionStore(cached_db.SessionStore):
    def _get_new_session_key(self) -> str:
        key = super()._get_new_session_key()
        user_id = getattr(self, "_session_cache", {}).get(SESSION_KEY)
        if not str(user_id or "").isdigit():
            return key
        named = f"{key}{SEPARATOR}{int_to_base36(int(user_id))}"
        return named if len(named) <= KEY_LENGTH else key

    def load(self) -> dict:
        _fetched.set(None)
        user_id = member_in(self.session_key)
        if user_id is None:
            return super().load()
        keys = [self.cache_key, member_key(user_id), marks_key(user_id)]
        found = self._cache.get_many(keys)
        _fetched.set((user_id, found))
        data = found.get(self.cache_key)
        return data if data is not None else super().load()


def name_for_member(sender, request: HttpRequest | None, user, **_signal) -> None:
    """Receiver of `user_logged_in`: a new key for the session, ending with the member's id.
    Django gave it a new key already, but before the session named its member."""
    session = getattr(request, "session", None)
    if isinstance(session, SessionStore):
        session.cycle_key()
