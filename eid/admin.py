from django.contrib import admin

from config.admin import ReadOnlyAdmin

from .models import EIdentity, OmbudApplication


@admin.register(EIdentity)
class EIdentityAdmin(ReadOnlyAdmin):
    list_display = ["user", "created_at", "last_used_at"]
    list_select_related = ["user"]
    exclude = ["digest"]


@admin.register(OmbudApplication)
class OmbudApplicationAdmin(ReadOnlyAdmin):
    list_display = ["first_name", "last_name", "region", "status", "submitted_at", "decided_at"]
    list_filter = ["status", "region"]
    list_select_related = ["region"]
    exclude = ["document", "identity_digest"]
