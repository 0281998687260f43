"""The API for intermediaries (seed 002: a region may deliver its data through e.g. SKR): django-ninja.

Monthly values in (all-or-nothing, idempotent by the client's key), and read back: what was delivered with its
corrections, a region's allocations and its deadlines. A key sees only the regions it was given. Errors are
RFC 9457 problem details (application/problem+json) in Swedish, naming the row, field, region and month at fault.
"""

import logging
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum
from typing import Literal

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from ninja import Field, Header, NinjaAPI, Query, Schema
from ninja.errors import AuthenticationError, HttpError, Throttled, ValidationError
from ninja.security import HttpBearer
from ninja.throttling import AuthRateThrottle

from grants.deadlines import region_deadlines
from portal.selectors import latest_lines_for_region
from regions.models import Region
from regions.reference import REGIONS
from reporting.models import VALUE_DECIMALS, VALUE_WHOLE_DIGITS, Indicator, MonthlyValue, Provider

from . import services
from .models import ApiToken

logger = logging.getLogger(__name__)
PROBLEM = "application/problem+json"


class TokenAuth(HttpBearer):
    openapi_description = gettext_lazy(
        "API-nyckel som Socialstyrelsen har gett organisationen: Authorization: Bearer sb_…"
    )

    def authenticate(self, request: HttpRequest, token: str) -> ApiToken | None:
        return services.token_for_secret(token)


class TokenThrottle(AuthRateThrottle):
    """At most API_RATE requests per key (per address before sign-in); a cache that is down lets requests through."""

    def allow_request(self, request: HttpRequest) -> bool:
        try:
            return super().allow_request(request)
        except Exception:
            logger.warning("API rate limit not applied: cache unavailable.")
            return True


def _texts(value):
    """Return the value with its translatable (lazy) texts as strings in the active language, dicts and lists too."""
    if isinstance(value, Promise):
        return str(value)
    if isinstance(value, dict):
        return {_texts(key): _texts(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_texts(item) for item in value]
    return value


class ProblemApi(NinjaAPI):
    """The API whose OpenAPI schema says that errors come as application/problem+json.

    Its descriptions are translatable: the schema is written in the active language (Swedish by default).
    """

    def get_openapi_schema(self, *, path_prefix=None, path_params=None):
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        for operations in schema["paths"].values():
            for operation in operations.values():
                for status, response in operation["responses"].items():
                    if int(status) >= 400 and "application/json" in response.get("content", {}):
                        response["content"] = {PROBLEM: response["content"]["application/json"]}
        schema.update(_texts(dict(schema)))
        return schema


api = ProblemApi(
    title=gettext_lazy("Statsbidrag till regionerna – API för mellanhänder"),
    version="1",
    description=gettext_lazy(
        "Leverera månadsdata för de regioner organisationen får leverera för, och läs tillbaka leveranser med "
        "rättelser, regionernas fördelning och tidsfrister. Fel beskrivs enligt RFC 9457 (application/problem+json)."
    ),
    urls_namespace="api",
    auth=TokenAuth(),
    throttle=[TokenThrottle(settings.API_RATE)],
    docs_url=None,
)


class Problem(Schema):
    """RFC 9457 problem details."""

    type: str = "about:blank"
    title: str
    status: int
    detail: str
    errors: list[dict] = Field(
        default_factory=list, description=gettext_lazy("Per fel: row, field, region, month, message.")
    )


def problem(status: int, title: str, detail: str, errors: list[dict] | None = None) -> HttpResponse:
    body = Problem(title=title, status=status, detail=detail, errors=errors or []).model_dump_json()
    return HttpResponse(body, status=status, content_type=PROBLEM)


@api.exception_handler(ValidationError)
def _invalid(request, error: ValidationError):
    errors = []
    for item in error.errors:
        location = [part for part in item.get("loc", ()) if part not in ("body", "payload", "query", "header")]
        row = next((part + 1 for part in location if isinstance(part, int)), None)
        field = ".".join(str(part) for part in location if not isinstance(part, int))
        errors.append({"row": row, "field": field, "message": _message(item)})
    where = ", ".join(
        _("rad %(row)s %(field)s") % {"row": e["row"], "field": e["field"]} if e["row"] else e["field"]
        for e in errors[:5]
    )
    detail = _("Begäran följer inte API:ets beskrivning: %(where)s.") % {"where": where}
    return problem(422, _("Ogiltig begäran"), detail, errors)


def _message(item: dict) -> str:
    kind = item.get("type", "")
    if kind == "missing":
        return _("Fältet saknas.")
    if "enum" in kind or "literal" in kind:
        return _("Värdet är inte ett av de tillåtna.")
    if kind.startswith(("int", "decimal", "float")) or "number" in kind:
        return _("Värdet ska vara ett tal inom det tillåtna intervallet.")
    if kind.startswith("string"):
        return _("Värdet ska vara en text av tillåten längd.")
    if kind.startswith(("list", "too_")):
        return _("Listan har fel antal värden.")
    return _("Värdet är ogiltigt.")


@api.exception_handler(AuthenticationError)
def _unauthenticated(request, error):
    response = problem(401, _("Ej behörig"), _("Ange en giltig API-nyckel: Authorization: Bearer sb_…."))
    response["WWW-Authenticate"] = "Bearer"
    return response


@api.exception_handler(Throttled)
def _throttled(request, error: Throttled):
    response = problem(
        429, _("För många anrop"), _("Nyckeln har gjort för många anrop. Vänta en stund och försök igen.")
    )
    if error.wait:
        response["Retry-After"] = str(int(error.wait) + 1)
    return response


@api.exception_handler(HttpError)
def _http_error(request, error: HttpError):
    titles = {403: _("Otillåtet"), 404: _("Finns inte"), 409: _("Konflikt")}
    return problem(error.status_code, titles.get(error.status_code, _("Fel")), str(error))


# The choices of the models, as enums the OpenAPI schema lists.
IndicatorCode = StrEnum("IndicatorCode", {value: value for value in Indicator.values})
ProviderCode = StrEnum("ProviderCode", {value or "none": value for value in Provider.values})


# The 21 regions' county codes, e.g. 23 for Jämtland Härjedalen.
COUNTY_CODES = tuple(code for code, *_ in REGIONS)
CountyCode = Literal[COUNTY_CODES]


class MonthlyValueIn(Schema):
    region: CountyCode
    indicator: IndicatorCode
    year: int = Field(ge=2000, le=2100)
    month: int = Field(ge=1, le=12)
    value: Decimal | None = Field(
        ge=0,
        max_digits=VALUE_WHOLE_DIGITS + VALUE_DECIMALS,
        decimal_places=VALUE_DECIMALS,
        description=gettext_lazy(
            "Högst 10 heltalssiffror och 4 decimaler, inte negativt; null: uppgiften saknas (inte noll)."
        ),
    )
    provider: ProviderCode = ProviderCode("")


class DeliveryIn(Schema):
    values: list[MonthlyValueIn] = Field(min_length=1, max_length=10_000)


class DeliveryOut(Schema):
    created: int
    updated: int
    unchanged: int
    regions: list[str] = Field(description=gettext_lazy("Länskoderna vars data ändrades."))
    replayed: bool = Field(
        description=gettext_lazy("Sant när samma leverans redan hade tagits emot med samma nyckel.")
    )


class Correction(Schema):
    value: Decimal | None
    channel: str
    changed_at: datetime


class MonthlyValueOut(Schema):
    region: str
    indicator: str
    year: int
    month: int
    provider: str
    value: Decimal | None
    channel: str
    delivered_at: datetime
    earlier: list[Correction] = Field(description=gettext_lazy("Tidigare värden, nyast först (rättelser)."))


class AllocationOut(Schema):
    programme: str
    programme_title: str
    run: int
    part: str
    part_name: str
    amount: int = Field(description=gettext_lazy("Kronor."))
    provisional: bool


class DeadlineOut(Schema):
    programme: str
    kind: str
    label: str
    date: date


ERRORS = {401: Problem, 403: Problem, 404: Problem, 422: Problem, 429: Problem}


def _region(token: ApiToken, code: str) -> Region:
    region = token.regions.filter(code=code).first()
    if region is None:
        raise HttpError(403, _("Nyckeln får inte läsa eller leverera för region %(code)s.") % {"code": code})
    return region


@api.post(
    "/manadsdata/",
    response={200: DeliveryOut, 409: Problem, **ERRORS},
    summary=gettext_lazy("Leverera månadsvärden"),
    description=gettext_lazy(
        "Allt eller inget: ett fel på någon rad sparar ingenting. Headern Idempotency-Key krävs; samma nyckel med "
        "samma värden ger samma svar utan att något ändras, samma nyckel med andra värden ger 409."
    ),
)
def deliver(
    request,
    payload: DeliveryIn,
    idempotency_key: str = Header(..., alias="Idempotency-Key", min_length=8, max_length=200),
):
    values = [item.model_dump() for item in payload.values]
    for item in values:
        item["indicator"], item["provider"] = item["indicator"].value, item["provider"].value
    try:
        answer, replayed = services.deliver(token=request.auth, key=idempotency_key, values=values)
    except services.DeliveryRefused as refused:
        titles = {403: _("Otillåtet"), 409: _("Konflikt"), 422: _("Leveransen sparades inte")}
        errors = [
            {"row": p.row, "field": p.field, "region": p.region, "month": p.month, "message": p.message}
            for p in refused.problems
        ]
        return problem(refused.status, titles.get(refused.status, _("Fel")), refused.detail, errors)
    return {**answer, "replayed": replayed}


@api.get(
    "/manadsdata/",
    response={200: list[MonthlyValueOut], **ERRORS},
    summary=gettext_lazy("Läs levererade månadsvärden med rättelser"),
)
def delivered(
    request,
    region: CountyCode,
    year: int = Query(..., ge=2000, le=2100),
    indicator: IndicatorCode | None = None,
):
    found = _region(request.auth, region)
    values = MonthlyValue.objects.filter(region=found, year=year).order_by("indicator", "month", "provider")
    if indicator is not None:
        values = values.filter(indicator=indicator.value)
    values = list(values)
    earlier: dict[int, list] = {}
    for old in MonthlyValue.history.filter(id__in=[v.pk for v in values]).order_by("-history_date", "-history_id"):
        earlier.setdefault(old.id, []).append(old)
    return [
        {
            "region": found.code,
            "indicator": value.indicator,
            "year": value.year,
            "month": value.month,
            "provider": value.provider,
            "value": value.value,
            "channel": value.channel,
            "delivered_at": value.delivered_at,
            "earlier": [
                {"value": old.value, "channel": old.channel, "changed_at": old.history_date}
                for old in earlier.get(value.pk, [])[1:]  # the first is the value as it is now
            ],
        }
        for value in values
    ]


@api.get(
    "/regioner/{region}/fordelning/",
    response={200: list[AllocationOut], **ERRORS},
    summary=gettext_lazy("Regionens fördelning i varje statsbidrags senaste beräkning"),
)
def allocations(request, region: CountyCode):
    found = _region(request.auth, region)
    lines = latest_lines_for_region(found).select_related("run__programme").defer("explanation", "run__detail")
    return [
        {
            "programme": line.run.programme.code,
            "programme_title": line.run.programme.title,
            "run": line.run.number,
            "part": line.component.code,
            "part_name": line.component.name,
            "amount": line.amount,
            "provisional": line.run.provisional,
        }
        for line in lines
        if line.run.programme.status != line.run.programme.Status.DRAFT
    ]


@api.get(
    "/regioner/{region}/tidsfrister/",
    response={200: list[DeadlineOut], **ERRORS},
    summary=gettext_lazy("Regionens tidsfrister, med förlängningar"),
)
def deadlines(request, region: CountyCode):
    found = _region(request.auth, region)
    return [
        {"programme": programme.code, "kind": column.kind, "label": column.label, "date": day}
        for programme, column, day in region_deadlines(found)
    ]
