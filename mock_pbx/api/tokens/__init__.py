"""Token auth (api-facts §1.2): POST /authenticate/ trades a login for an access token (sent as
`Authorization: Bearer ...`), GET /tokengenerator gives a single-use `?tokenid=` for one
read-only GET. The tokens themselves live in runtime/tokens.py; every path that authenticates
reads them through domain.logins.login."""

from mock_pbx.api.tokens.routes import ACCESS_TAGS, router

__all__ = ["ACCESS_TAGS", "router"]
