"""/customers/{c}/callbundles: inclusive-minute bundles and how much of each is used."""

from mock_pbx.models.callbundle import CallBundle, CallBundlePublic
from mock_pbx.resources.declaration import Resource
from mock_pbx.seeding.configuration import bundle_rows
from mock_pbx.seeding.world import Seed

CALLBUNDLES = Resource(
    name="callbundles",
    singular="call bundle",
    plural="call bundles",
    about="Inclusive-minute bundles (`customerbundle`) and how much of each is used.",
    table=CallBundle,
    public=CallBundlePublic,
    links_key="callBundles",  # from the real service: the spec's example predates bundles
    aliases=("callbundles",),  # the spec's /api/v1/callbundles: the login's own customer
    seed=Seed(bundle_rows, volume=20),
)
