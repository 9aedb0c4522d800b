"""Console accounts: users, workspaces, roles, passwords, second factors, invitations, throttles."""
