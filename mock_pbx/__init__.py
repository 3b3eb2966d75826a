"""mock-pbx: a local emulator of the Sipcentric hosted-PBX REST API v1."""

from mock_pbx.version import __version__

__all__ = ["Settings", "__version__", "create_app"]


def __getattr__(name: str) -> object:
    if name == "create_app":
        from mock_pbx.app import create_app  # lazy: `import mock_pbx` stays cheap (CLI --help)

        return create_app
    if name == "Settings":
        from mock_pbx.settings import Settings  # lazy: as create_app

        return Settings
    raise AttributeError(name)
