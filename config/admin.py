"""Admin bases shared by the apps: history is shown, never written back, and money records are read-only."""

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from simple_history.admin import SimpleHistoryAdmin


class HistoryAdmin(SimpleHistoryAdmin):
    """Show an object's history without the "revert" form: a POST to a history page is refused for everyone.

    django-simple-history's history form saves whatever is posted to it and checks only view permission, so it
    would let anyone who may look at a payout rewrite it. Corrections go through the services instead.
    """

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if request.method != "GET":
            raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)

    def revert_disabled(self, request, obj=None):
        return True


class ReadOnlyAdmin(HistoryAdmin):
    """Records that change only through their services (four eyes, pay once, append only): shown, never edited.

    Superusers included: no add, change or delete, so no delete action either.
    """

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ReadOnlyInline(admin.TabularInline):
    """An inline of records that change only through their services."""

    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
