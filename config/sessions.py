"""Session limits for the agency's staff: signed out after a while idle, and after a working day in any case.

Staff approve payouts and see every region's money, so their sessions are short: STAFF_SESSION_IDLE_MINUTES
without a request, or STAFF_SESSION_MAX_HOURS after signing in, whichever comes first. Regional users keep the
ordinary session length (SESSION_COOKIE_AGE).
"""

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.signals import user_logged_in
from django.contrib.auth.views import redirect_to_login
from django.dispatch import receiver
from django.utils.translation import gettext as _

STARTED = "staff_session_started"
SEEN = "staff_session_seen"
# The last-seen time is written at most this often, so a busy session is not saved on every request.
SEEN_RESOLUTION_SECONDS = 60


@receiver(user_logged_in)
def _mark_session_start(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        now = int(time.time())
        request.session[STARTED] = now
        request.session[SEEN] = now


class StaffSessionLimitMiddleware:
    """Sign staff out when their session has been idle or open too long; tell them why on the login page."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.is_staff:
            expired = self._expired(request.session)
            if expired:
                logout(request)
                messages.info(request, expired)
                return redirect_to_login(request.get_full_path())
        return self.get_response(request)

    @staticmethod
    def _expired(session) -> str | None:
        now = int(time.time())
        started = session.setdefault(STARTED, now)
        seen = session.get(SEEN, now)
        if now - seen > settings.STAFF_SESSION_IDLE_MINUTES * 60:
            return _(
                "Du har loggats ut eftersom du inte har använt tjänsten på %(minutes)s minuter. Logga in igen."
            ) % {"minutes": settings.STAFF_SESSION_IDLE_MINUTES}
        if now - started > settings.STAFF_SESSION_MAX_HOURS * 3600:
            return _("Du har varit inloggad i %(hours)s timmar och har loggats ut. Logga in igen.") % {
                "hours": settings.STAFF_SESSION_MAX_HOURS
            }
        if now - seen >= SEEN_RESOLUTION_SECONDS or SEEN not in session:
            session[SEEN] = now
        return None
