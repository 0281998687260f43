from django.apps import AppConfig, apps
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _staff_groups(sender, **kwargs):
    from .roles import ensure_staff_groups

    ensure_staff_groups()


class GrantsConfig(AppConfig):
    name = "grants"
    verbose_name = _("Statsbidrag")

    def ready(self):
        # After the last app has migrated, every permission the staff groups hold exists.
        last = list(apps.get_app_configs())[-1]
        post_migrate.connect(_staff_groups, sender=last, dispatch_uid="grants.staff_groups")
        from django.contrib.auth.signals import user_logged_in

        from .roles import remember_admin_rights

        user_logged_in.connect(remember_admin_rights, dispatch_uid="grants.admin_rights")

        from .readcache import connect_domain_models

        connect_domain_models()
