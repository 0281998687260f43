"""Staff write programmes: copy one as a template, edit it in forms, compare it, publish it, download its definition.

Every edit goes through `programme_load_definition` (see `forms_authoring`): the form's values replace the
corresponding part of the programme's definition, which is loaded with the same checks as an uploaded file.
"""

import tomli_w
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from .. import l10n, services
from ..allocation.whatif import ORDER_TEXT, STEP_LABELS
from ..confirmation import Confirmation, confirmation_page, is_confirmed
from ..definition_export import programme_document, programme_to_toml
from ..definitions import DefinitionError
from ..exports import XLSX_CONTENT_TYPE
from ..forms_authoring import ComponentForm, CopyForm, ProgrammeForm, add_definition_error
from ..models import Component, GrantProgramme
from ..permissions import staff_required
from ..whatif import programmes_to_compare_with, whatif_comparison, whatif_workbook

CONFIRM = "office/confirm.html"


def _programme(code: str) -> GrantProgramme:
    return get_object_or_404(GrantProgramme.objects.prefetch_related("components", "deadlines", "measures"), code=code)


def _editable(programme: GrantProgramme) -> None:
    if programme.is_closed:
        raise Http404


def _load(request, form, programme: GrantProgramme, document: dict) -> bool:
    """Load the edited definition; put the loader's refusal on the form. Return whether it was saved."""
    text = tomli_w.dumps(document)
    try:
        report = services.programme_load_definition(
            actor=request.user, text=text, filename=_("formuläret"), reason=form.cleaned_data.get("reason", "")
        )
    except (DefinitionError, ValidationError) as error:
        for message in error.messages:
            add_definition_error(form, message)
        return False
    messages.success(
        request,
        _("%(programme)s är sparat (%(summary)s).") % {"programme": programme.title, "summary": load_summary(report)},
    )
    return True


def load_summary(report) -> str:
    """Say how many changes a load made: "3 ändringar" / "inga ändringar"."""
    if not report.changed:
        return _("inga ändringar")
    count = len(report.changes)
    return ngettext("%(count)s ändring", "%(count)s ändringar", count) % {"count": count}


@staff_required
def programme_copy(request, code):
    template = _programme(code)
    initial = {"title": template.title, "budget_year": template.budget_year + 1, "code": ""}
    form = CopyForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        document = programme_document(template, code=form.cleaned_data["code"], with_data=False)
        document["programme"]["title"] = form.cleaned_data["title"]
        document["programme"]["budget_year"] = form.cleaned_data["budget_year"]
        for key in ("decision_reference", "decision_date"):  # a new decision has its own
            document["programme"].pop(key, None)
        try:
            report = services.programme_load_definition(
                actor=request.user, text=tomli_w.dumps(document), filename=_("mallen")
            )
        except (DefinitionError, ValidationError) as error:
            for message in error.messages:
                add_definition_error(form, message)
        else:
            messages.success(
                request,
                _(
                    "Utkastet %(draft)s är skapat som kopia av %(template)s %(year)s. Ändra tidsfrister, belopp och "
                    "källor innan det publiceras."
                )
                % {"draft": report.programme.title, "template": template.title, "year": template.budget_year},
            )
            return redirect("grants:programme_detail", code=report.programme.code)
    return render(request, "grants/authoring/copy.html", {"form": form, "template": template})


@staff_required
def programme_edit(request, code):
    programme = _programme(code)
    _editable(programme)
    form = ProgrammeForm(request.POST or None, initial=ProgrammeForm.initial_for(programme))
    if request.method == "POST" and form.is_valid():
        document = programme_document(programme)
        document["programme"] = {"code": programme.code, **form.head()}
        if _load(request, form, programme, document):
            return redirect("grants:programme_detail", code=programme.code)
    return render(request, "grants/authoring/programme_form.html", {"form": form, "programme": programme})


@staff_required
def component_edit(request, code, part=None):
    programme = _programme(code)
    _editable(programme)
    component = get_object_or_404(Component, programme=programme, code=part) if part else None
    stored_rule = component.rule if component else ""
    rule = request.POST.get("rule") or request.GET.get("regel") or stored_rule
    initial = ComponentForm.initial_for(component) if component else {"rule": rule}
    form = ComponentForm(request.POST or None, initial=initial, rule=rule if rule in Component.Rule.values else None)
    rule_changed = request.method == "POST" and rule != request.POST.get("shown_rule", stored_rule)
    if request.method == "POST" and rule_changed:
        form = ComponentForm(
            initial={**request.POST.dict(), "recipients": request.POST.getlist("recipients")}, rule=rule
        )
        messages.info(request, _("Fyll i parametrarna för den valda regeln och spara."))
    elif request.method == "POST" and form.is_valid():
        item = form.component()
        if form.is_valid():  # the parameters are read after the form's own checks
            document = programme_document(programme)
            parts = document["components"]
            index = next((i for i, c in enumerate(parts) if component and c["code"] == component.code), None)
            if index is None:
                parts.append(item)
            else:
                parts[index] = item
            if _load(request, form, programme, document):
                return redirect("grants:programme_detail", code=programme.code)
    context = {"form": form, "programme": programme, "component": component, "rule": rule}
    return render(request, "grants/authoring/component_form.html", context)


@staff_required
def definition_download(request, code):
    programme = _programme(code)
    response = HttpResponse(programme_to_toml(programme), content_type="application/toml; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{programme.code}.toml"'
    return response


@staff_required
@require_POST
def programme_publish(request, code):
    programme = _programme(code)
    if not is_confirmed(request):
        parts = programme.components.all()
        confirmation = Confirmation(
            title=_("Publicera %(programme)s") % {"programme": programme.title},
            summary=ngettext(
                "%(programme)s %(year)s blir synligt för de mottagande regionerna, med %(count)s del om sammanlagt "
                "%(total)s. Därefter ändras reglerna bara genom en ny version med ett skäl.",
                "%(programme)s %(year)s blir synligt för de mottagande regionerna, med %(count)s delar om sammanlagt "
                "%(total)s. Därefter ändras reglerna bara genom en ny version med ett skäl.",
                len(parts),
            )
            % {
                "programme": programme.title,
                "year": programme.budget_year,
                "count": len(parts),
                "total": l10n.kr(sum(p.amount for p in parts)),
            },
            button=_("Publicera"),
            cancel_url=reverse("grants:programme_detail", args=[code]),
            warning=_("Publiceringen går inte att ångra."),
        )
        return confirmation_page(request, confirmation, template=CONFIRM, context={"programme": programme})
    try:
        services.programme_publish(programme=programme, actor=request.user, reason=request.POST.get("reason", ""))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("%(programme)s är publicerat.") % {"programme": programme.title})
    return redirect("grants:programme_detail", code=code)


@staff_required
def programme_compare(request, code):
    programme = _programme(code)
    choices = list(programmes_to_compare_with(programme))
    other_code = request.GET.get("med") or next(
        (p.code for p in choices if p.status == GrantProgramme.Status.PUBLISHED), ""
    )
    other = next((p for p in choices if p.code == other_code), None)
    context = {"programme": programme, "choices": choices, "other": other, "order_text": ORDER_TEXT}
    context["steps"] = STEP_LABELS
    if other is not None:
        context["comparison"] = whatif_comparison(other, programme)
        context["latest_run"] = programme.runs.filter(status="succeeded").order_by("-number").first()
    return render(request, "grants/authoring/compare.html", context)


@staff_required
def programme_compare_export(request, code, other):
    programme = _programme(code)
    old = get_object_or_404(programmes_to_compare_with(programme), code=other)
    comparison = whatif_comparison(old, programme)
    response = HttpResponse(whatif_workbook(old, programme, comparison), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{programme.code}-jamfort-med-{old.code}.xlsx"'
    return response
