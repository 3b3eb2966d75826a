"""mock-pbx: a local emulator of the Sipcentric hosted-PBX REST API v1."""

__version__ = "0.1.0"

__all__ = ["Settings", "__version__", "create_app"]


def __getattr__(name: str) -> object:
    # Lazy, so `import mock_pbx` stays cheap for the CLI's --help.
    if name == "create_app":
        from mock_pbx.app import create_app

        return create_app
    if name == "Settings":
        from mock_pbx.settings import Settings

        return Settings
    raise AttributeError(name)
