from __future__ import annotations

from django.conf import settings
from django.core.validators import slug_re
from django.http import Http404, HttpRequest, JsonResponse
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.views.decorators.http import require_safe

from writeathon.campaigns.selectors import campaign_current, campaign_get_public
from writeathon.reporting.selectors import counter_snapshot


@require_safe
def counter_json(request: HttpRequest) -> JsonResponse:
    """The live count of a campaign (the current one unless ?campaign=slug)."""
    slug = request.GET.get("campaign", "")
    if slug and not (len(slug) <= 80 and slug_re.fullmatch(slug)):
        raise Http404("No such campaign.")
    campaign = campaign_get_public(slug=slug) if slug else campaign_current()
    if campaign is None:
        raise Http404("No campaign.")
    response = JsonResponse(counter_snapshot(campaign=campaign).as_json())
    patch_cache_control(response, public=True, max_age=settings.COUNTER_CACHE_SECONDS)
    patch_vary_headers(response, ["Accept-Encoding"])
    # Partner sites may show the counter on their own pages.
    response["Access-Control-Allow-Origin"] = "*"
    return response
