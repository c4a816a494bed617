"""The API's documentation page: Swagger UI from the sidecar package, served with no inline
script or style, so it keeps the site's Content-Security-Policy."""

from __future__ import annotations

from drf_spectacular.views import SpectacularSwaggerSplitView


class DocsView(SpectacularSwaggerSplitView):
    template_name = "api/swagger_ui.html"
    title = "pmmaturity API"
