"""Call buttons: what a site owner embeds, its allowed origins, callee and SIP account."""
