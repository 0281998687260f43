"""History entries for changes made with a queryset update, which django-simple-history does not see."""

from django.db import models

from ..readcache import data_changed


def history_record_update(instance: models.Model, *, actor) -> None:
    """Reload the instance and add a history entry for its current state, made by the actor."""
    instance.refresh_from_db()
    instance._history_user = actor
    type(instance).history.bulk_history_create([instance], update=True, default_user=actor)
    data_changed()  # a queryset update sends no save signal


def compare_and_set(instance: models.Model, *, actor, old: str, **values) -> bool:
    """Move the instance from status old to the given values in one UPDATE; return whether this call won.

    Two concurrent calls both run the UPDATE ... WHERE status = old; the database lets one match the row and the
    other then finds the status changed, so a status change (approve, pay) can only happen once.
    """
    won = type(instance).objects.filter(pk=instance.pk, status=old).update(**values) == 1
    if won:
        history_record_update(instance, actor=actor)
    return won
