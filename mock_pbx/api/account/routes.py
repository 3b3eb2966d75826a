"""Every router of the account's sub-resources, its OpenAPI tag, and the keys they add to a
customer's `links` (the registration points import only this module)."""

from mock_pbx.api.account import billing, bundles, plans, singletons

# Ahead of the collections' routes: callbundles/available is not a bundle's id.
ROUTERS = [singletons.router, billing.router, plans.router, bundles.router]
TAGS = singletons.TAGS
# (links key, URL segment) under /customers/{c}, after the collections' own links.
LINKS = [
    ("billing", "billing"),
    ("permissions", "permissions"),
    ("limits", "limits"),
    ("preferences", "preferences"),
    ("pricing", "pricing"),
    ("callCharging", "callcharging"),
    ("bargeGroups", "bargegroups"),
]
