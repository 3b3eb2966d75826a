"""Every router of the account's sub-resources, its OpenAPI tag, and the keys they add to a
customer's `links` (the registration points import only this module)."""

from mock_pbx.api.account import plans, singletons

ROUTERS = [singletons.router, plans.router]
TAGS = singletons.TAGS
# (links key, URL segment) under /customers/{c}, after the collections' own links.
LINKS = [
    ("permissions", "permissions"),
    ("limits", "limits"),
    ("preferences", "preferences"),
    ("pricing", "pricing"),
    ("callCharging", "callcharging"),
    ("bargeGroups", "bargegroups"),
]
