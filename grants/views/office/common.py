"""Shared helpers of the back-office views: Excel responses, POST actions that call a service, list pages."""

from functools import wraps

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_tables2 import RequestConfig

from ...exports import XLSX_CONTENT_TYPE
from ...exports_office import table_workbook
from ...models import Component, Deadline, DeadlineExtension, Payout
from ...permissions import staff_required

CONFIRM = "office/confirm.html"


def xlsx_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def post_action(redirect_to):
    """Run a POST action that calls a service; show its ValidationError as a message and redirect.

    A view may return a response instead of its success text: the confirmation page, before it calls the service.
    """

    def decorate(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            try:
                text = view(request, *args, **kwargs)
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
            else:
                if isinstance(text, HttpResponse):
                    return text  # the confirmation page, shown before the action is taken
                messages.success(request, text)
            return redirect(redirect_to, *args, **kwargs) if isinstance(redirect_to, str) else redirect_to(**kwargs)

        return staff_required(require_POST(wrapper))

    return decorate


def list_page(request, *, title, table_class, filterset, export_name, template="office/list.html", extra=None):
    table = table_class(filterset.qs)
    RequestConfig(request, paginate={"per_page": 50}).configure(table)
    if request.GET.get("export") == "xlsx":
        return xlsx_response(table_workbook(title, table.as_values()), export_name)
    context = {"title": title, "table": table, "filter": filterset, **(extra or {})}
    return render(request, template, context)


def history_subject(record, regions=None) -> str:
    """Name the object a history record belongs to, from the record's own fields (no query)."""
    model = record.instance_type
    if model is Payout:
        return _("Utbetalning till %(region)s") % {"region": (regions or {}).get(record.region_id, _("region"))}
    if model is Component:
        return _("Del: %(part)s") % {"part": record.name}
    if model is Deadline:
        return _("Tidsfrist: %(kind)s %(date)s") % {
            "kind": record.get_kind_display(),
            "date": f"{record.date:%Y-%m-%d}",
        }
    if model is DeadlineExtension:
        return _("Förlängd tidsfrist: %(kind)s till %(date)s") % {
            "kind": record.get_kind_display(),
            "date": f"{record.until:%Y-%m-%d}",
        }
    return str(model._meta.verbose_name).capitalize()
