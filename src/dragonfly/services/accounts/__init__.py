"""People and credentials: users, password hashing, sessions, API tokens, sign-in throttling."""
