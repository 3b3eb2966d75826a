"""Who may use an account: declarations of the collections about web users (its own folder, as
resources/ holds a declaration per module and is full)."""
