"""How the OpenAPI schema describes the API's token authentication (drf-spectacular reads
this extension once the module is imported: urls.py imports it)."""

from __future__ import annotations

from typing import Any

from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.plumbing import build_bearer_security_scheme_object


class BearerTokenScheme(OpenApiAuthenticationExtension):
    target_class = "assessments.api.authentication.BearerTokenAuthentication"
    name = "apiToken"

    def get_security_definition(self, auto_schema: Any) -> dict[str, Any]:
        scheme = build_bearer_security_scheme_object(
            header_name="Authorization",
            token_prefix="Bearer",  # noqa: S106 (a scheme)
        )
        scheme["description"] = (
            "An API token from your account's API tokens page: `Authorization: Bearer pmm_…`."
        )
        return scheme
