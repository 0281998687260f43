from django.contrib import admin

from config.admin import ReadOnlyAdmin

from .models import EIdentity


@admin.register(EIdentity)
class EIdentityAdmin(ReadOnlyAdmin):
    list_display = ["user", "created_at", "last_used_at"]
    list_select_related = ["user"]
    exclude = ["digest"]
