"""The carrier's side of numbers: the global /availablenumbers stock and a number's routing rules
(provisioning and releasing a number: mock_pbx.api.phonenumbers)."""
