"""The lean path: the emulated API's most frequent requests (GETs of a list or an item, POST /sms,
POST /phonebook) answered without FastAPI's routing and dependency solving. It makes the same
checks (login, customer, paging, filters, the write models' validation) and runs the same SQL,
rules and representation as the documented routes (api/reading.py, api/phonebook.py,
domain/messaging.py), for the requests it fully understands; anything else (an error to report,
a WAV, an alias, a database other processes share) it leaves to the routes,
which answer it the one documented way. tests/test_fastpath.py sends the same requests with the
lean path on and off, byte for byte."""

from mock_pbx.api.lean.fastpath import FastPath

__all__ = ["FastPath"]
