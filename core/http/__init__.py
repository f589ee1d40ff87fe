"""HTTP plumbing shared by every API module: auth, the Context per request, problem+json."""
