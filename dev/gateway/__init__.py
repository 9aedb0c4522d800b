"""A local stand-in for Flashphoner WCS, for development and tests only: never for production.

It speaks the WebSDK websocket protocol to the browser SDK, calls Callgate's REST hooks the
way WCS does (signed, honouring `restClientConfig`), and answers calls with aiortc by echoing
the visitor's audio.
"""
