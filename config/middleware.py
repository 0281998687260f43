"""Middleware: the chosen language, and the security headers Django does not set itself."""

from django.conf import settings
from django.utils import translation


class ChosenLanguageMiddleware:
    """Activate the language from the language cookie (set by Django's set_language view), else LANGUAGE_CODE.

    Django's LocaleMiddleware would follow the browser's Accept-Language and show dates in English to most
    visitors; a Swedish public e-service speaks Swedish until asked otherwise.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.available = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen in self.available else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        translation.deactivate()
        return response


class SecurityHeadersMiddleware:
    """Keep personal pages and exported files out of caches, and deny powerful browser features on every page.

    A page shown to a logged-in user, or a file download (an Excel export, the calendar feed), may hold data about
    grants and people: `Cache-Control: no-store` keeps it out of shared proxies and the browser's disk cache, so the
    back button after logging out on a shared computer shows nothing. Static files never pass through here
    (WhiteNoise answers them first) and stay cacheable.
    """

    PERMISSIONS_POLICY = ", ".join(
        f"{feature}=()"
        for feature in (
            "accelerometer",
            "camera",
            "display-capture",
            "geolocation",
            "gyroscope",
            "hid",
            "magnetometer",
            "microphone",
            "midi",
            "payment",
            "serial",
            "usb",
            "xr-spatial-tracking",
        )
    )

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", self.PERMISSIONS_POLICY)
        if self._private(request, response) and "no-store" not in response.get("Cache-Control", ""):
            response["Cache-Control"] = "no-store"
        return response

    @staticmethod
    def _private(request, response) -> bool:
        if "Content-Disposition" in response.headers:  # a download: an export or the calendar feed
            return True
        user = getattr(request, "user", None)
        return user is not None and user.is_authenticated
