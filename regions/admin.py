from django.contrib import admin

from config.admin import HistoryAdmin

from .models import Membership, NeedWeight, Organisation, PopulationFigure, Region, RegionAlias


class RegionAliasInline(admin.TabularInline):
    model = RegionAlias
    extra = 1
    fields = ["alias"]


@admin.register(Region)
class RegionAdmin(HistoryAdmin):
    list_display = ["code", "short_name", "name", "organisation_number"]
    search_fields = ["name", "short_name", "aliases__alias"]
    inlines = [RegionAliasInline]
    # Payment details change only on the back office's page, checked and with a reason in the history.
    readonly_fields = ["organisation_number", "payment_method", "payment_account"]


@admin.register(PopulationFigure)
class PopulationFigureAdmin(HistoryAdmin):
    list_display = ["region", "reference_date", "population", "is_example", "source"]
    list_filter = ["reference_date", "is_example"]
    list_select_related = ["region"]


@admin.register(NeedWeight)
class NeedWeightAdmin(HistoryAdmin):
    list_display = ["series", "region", "value", "source"]
    list_filter = ["series"]
    list_select_related = ["region"]


@admin.register(Organisation)
class OrganisationAdmin(HistoryAdmin):
    list_display = ["name", "organisation_number"]
    search_fields = ["name"]
    filter_horizontal = ["regions"]


@admin.register(Membership)
class MembershipAdmin(HistoryAdmin):
    list_display = ["user", "role", "region", "organisation", "phone"]
    list_filter = ["role", "region", "organisation"]
    list_select_related = ["user", "region", "organisation"]
    search_fields = ["user__username", "user__email", "user__first_name", "user__last_name"]
    autocomplete_fields = ["user"]
