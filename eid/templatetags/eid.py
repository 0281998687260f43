from django import template

from ..config import enabled

register = template.Library()


@register.simple_tag
def eid_enabled() -> bool:
    """Whether sign-in with e-identification is configured (an identity provider's metadata is set)."""
    return enabled()
