"""Outbound requests to addresses owners give (webhook endpoints, chat webhooks): checked
against SSRF, pinned to the checked address, retried with backoff; phone numbers masked."""
