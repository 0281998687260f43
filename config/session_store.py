"""Sessions kept in the database and read from the cache, so a request normally costs no session query.

Django's cached_db engine reads the cache first and falls back to the database, but a cache that is down makes
its `set` after a miss (and its `delete` at sign-out) raise. Here every cache call may fail: the session then comes
from, and goes to, the database alone, and the service stays up while Redis is down.
"""

import logging

from django.contrib.sessions.backends import cached_db

logger = logging.getLogger("django.contrib.sessions")


class SessionStore(cached_db.SessionStore):
    def load(self):
        try:
            data = self._cache.get(self.cache_key)
        except Exception:
            data = None
        if data is not None:
            return data
        stored = self._get_session_from_db()
        if not stored:
            return {}
        data = self.decode(stored.session_data)
        try:
            self._cache.set(self.cache_key, data, self.get_expiry_age(expiry=stored.expire_date))
        except Exception:
            logger.warning("Session not cached (cache unavailable); it is read from the database.")
        return data

    def exists(self, session_key):
        try:
            if session_key and (self.cache_key_prefix + session_key) in self._cache:
                return True
        except Exception:
            logger.warning("Session cache unavailable; the session is looked up in the database.")
        return super(cached_db.SessionStore, self).exists(session_key)

    def delete(self, session_key=None):
        # The database row goes first. If the cache cannot be reached now, a copy left in it stays readable until
        # it expires or is evicted; the warning below is the operator's sign to flush the session keys.
        super(cached_db.SessionStore, self).delete(session_key)
        key = session_key or self.session_key
        if key is None:
            return
        try:
            self._cache.delete(self.cache_key_prefix + key)
        except Exception:
            logger.warning("Session %s removed from the database but not from the cache (cache unavailable).", key[:6])
