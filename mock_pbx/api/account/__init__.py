"""The account's own sub-resources (issue 17 part 5): settings singletons, charging plans, barge
groups, available call bundles and billing. Their own folder: api/ is full."""
