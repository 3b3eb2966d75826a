"""The wire format, defined once: camelCase models and dates, the list envelope and its page
links, absolute URIs, the JSON error body, query-string values and the headers mock-pbx reads.

The lowest layer of the package: it imports nothing else of mock-pbx."""
