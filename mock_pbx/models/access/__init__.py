"""Tables and models of who uses an account: linked (web) users, SIP identities (their own
folder: models/ holds a module per resource and is full)."""
