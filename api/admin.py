"""Admin for the API: keys and deliveries are read here; keys are created and revoked on the staff page."""

from django.contrib import admin

from config.admin import ReadOnlyAdmin

from .models import ApiDelivery, ApiToken


@admin.register(ApiToken)
class ApiTokenAdmin(ReadOnlyAdmin):
    list_display = ["organisation", "name", "prefix", "created_by", "created_at", "revoked_at", "last_used_at"]
    list_filter = ["organisation"]
    list_select_related = ["organisation", "created_by"]
    exclude = ["digest"]


@admin.register(ApiDelivery)
class ApiDeliveryAdmin(ReadOnlyAdmin):
    list_display = ["organisation", "key", "token", "created_at"]
    list_select_related = ["organisation", "token__organisation"]
