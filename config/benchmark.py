"""The baseline of the load benchmark (benchmarks/load.py): the least an authenticated page can cost here.

Served only when BENCHMARK_BASELINE is on, never in a normal deployment: GET answers "ok" once the session and
user are loaded (every page pays that much), POST answers "ok" after the CSRF check as well.
"""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.views.decorators.http import require_http_methods


@login_required
@require_http_methods(["GET", "POST"])
def baseline(request):
    return HttpResponse(f"ok {request.user.pk}", content_type="text/plain")
