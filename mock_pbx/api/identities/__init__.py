"""Routes about who uses an account and how its phones connect: a linked user's `me` and
deleting one (their list and get come from the declaration, resources/access), and the SIP
identity and registrations of a phone."""
