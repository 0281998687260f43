"""Full addresses of the service's pages in e-mail templates."""

from django import template

from grants.links import absolute_url as _absolute_url

register = template.Library()


@register.simple_tag
def absolute_url(viewname: str, *args) -> str:
    """Return a page's full address on the service (SITE_URL and the path), for a link in an e-mail."""
    return _absolute_url(viewname, *args)
