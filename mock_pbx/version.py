"""The package's version, in a module of its own: the root package and the app both read it, and
the root imports nothing else eagerly (so `import mock_pbx` stays cheap)."""

__version__ = "0.1.0"
