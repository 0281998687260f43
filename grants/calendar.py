"""A region's deadlines as an iCalendar feed (RFC 5545), reachable by a signed link without logging in."""

from datetime import date, datetime, timedelta

from django.core import signing

from regions.models import Region

SALT = "grants.calendar"


def calendar_token(region: Region) -> str:
    """Return the signed token that opens the region's calendar feed; the same token every time for the region's
    current version, so it can be subscribed to.

    Version 1 signs only the county code, as links did before they could be rotated, so links already handed out
    keep working; later versions sign the version too. Changing SECRET_KEY (or SALT) revokes every link.
    """
    value = {"region": region.code}
    if region.calendar_token_version != 1:
        value["version"] = region.calendar_token_version
    return signing.Signer(salt=SALT).sign_object(value)


def region_for_token(token: str) -> Region | None:
    """Return the region a token opens, or None if it is not one of ours or was made for an earlier version."""
    try:
        value = signing.Signer(salt=SALT).unsign_object(token)
        code, version = value["region"], value.get("version", 1)
    except (signing.BadSignature, KeyError, TypeError):
        return None
    return Region.objects.filter(code=code, calendar_token_version=version).first()


def _escape(text: str) -> str:
    return (
        text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\r\n", "\\n").replace("\n", "\\n")
    )


def _fold(line: str) -> str:
    """Fold a content line at 75 octets, continuation lines starting with a space (RFC 5545, 3.1)."""
    encoded = line.encode()
    if len(encoded) <= 75:
        return line
    parts, current = [], b""
    for char in line:
        piece = char.encode()
        if len(current) + len(piece) > (75 if not parts else 74):
            parts.append(current.decode())
            current = b""
        current += piece
    parts.append(current.decode())
    return "\r\n ".join(parts)


def ical(*, name: str, events: list[dict], now: datetime) -> str:
    """Return a calendar of all-day events, each a dict with uid, day (date), summary and description."""
    stamp = now.strftime("%Y%m%dT%H%M%SZ")
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Socialstyrelsen//Statsbidrag till regionerna//SV",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{_escape(name)}",
    ]
    for event in events:
        day: date = event["day"]
        lines += [
            "BEGIN:VEVENT",
            f"UID:{event['uid']}",
            f"DTSTAMP:{stamp}",
            f"DTSTART;VALUE=DATE:{day:%Y%m%d}",
            f"DTEND;VALUE=DATE:{day + timedelta(days=1):%Y%m%d}",
            f"SUMMARY:{_escape(event['summary'])}",
            f"DESCRIPTION:{_escape(event['description'])}",
            "TRANSP:TRANSPARENT",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return "\r\n".join(_fold(line) for line in lines) + "\r\n"
