"""Use cases: one function each, taking the acting user, scoped and audited."""
