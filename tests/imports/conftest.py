"""The API's token fixtures, for the imports' API tests."""

from tests.api.conftest import make_token, owner_api  # noqa: F401
