"""Tables and models of an account's own settings and bills (their own folder: models/ holds a
module per resource and is full)."""
