"""Token rate limits: the rules and the database storage that holds their counters."""
