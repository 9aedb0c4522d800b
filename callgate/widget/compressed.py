"""Static files sent precompressed: the smallest encoding the browser accepts, chosen per request.

Each file is held in memory as its identity bytes plus the gzip and brotli twins made once at
build time (`node widget/build.mjs`), each with its own strong ETag, so a cache keyed on
`Vary: Accept-Encoding` never hands one encoding's validator to another.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from flask import Response, request
from werkzeug.datastructures import Accept

#: Encodings we precompress, preferred first when the browser rates them alike; file suffixes.
TWINS = {"br": ".br", "gzip": ".gz"}
IDENTITY = "identity"
IMMUTABLE = "public, max-age=31536000, immutable"


@dataclass(frozen=True)
class Variant:
    """One encoding of a file: its bytes and their strong ETag."""

    data: bytes
    etag: str


@dataclass(frozen=True)
class Encoded:
    """One file in every encoding it has: "identity", and "br"/"gzip" when precompressed."""

    variants: Mapping[str, Variant]

    @property
    def identity(self) -> bytes:
        """Return the file as it is, undecoded: what Subresource Integrity hashes."""
        return self.variants[IDENTITY].data


def encode(identity: bytes, twins: Mapping[str, bytes]) -> Encoded:
    """Return `identity` with its precompressed `twins` (encoding -> bytes), ETags computed once."""
    datas = {IDENTITY: identity, **twins}
    return Encoded({name: Variant(data, _etag(name, data)) for name, data in datas.items()})


def read_twins(path: Path) -> dict[str, bytes]:
    """Return the twins beside `path` (`<path>.br`, `<path>.gz`); OSError when one is missing."""
    return {name: Path(str(path) + suffix).read_bytes() for name, suffix in TWINS.items()}


def choose(accept: Accept, available: Mapping[str, object]) -> str:
    """Return the encoding to send: the available twin the browser rates highest, else identity.

    A twin rated 0 is refused; identity wins over twins the browser rates below it. Identity is
    the fallback even when refused, as RFC 9110 allows, rather than a 406 nobody can act on.
    """
    rated = [(accept[name], -rank, name) for rank, name in enumerate(TWINS) if name in available]
    quality, _, best = max(rated, default=(0, 0, IDENTITY))
    return best if quality > 0 and quality >= accept[IDENTITY] else IDENTITY


def serve(file: Encoded, cache_control: str) -> Response:
    """Answer GET/HEAD for `file` in the chosen encoding, conditional on If-None-Match."""
    encoding = choose(request.accept_encodings, file.variants)
    variant = file.variants[encoding]
    response = Response(variant.data, mimetype="text/javascript")
    response.set_etag(variant.etag)
    response.headers["Cache-Control"] = cache_control
    if encoding != IDENTITY:
        response.headers["Content-Encoding"] = encoding
    response.vary.add("Accept-Encoding")
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.make_conditional(request)
    return response


def _etag(encoding: str, data: bytes) -> str:
    # The encoding is part of the tag, so two encodings can never share one even by chance.
    return f"{hashlib.sha256(data).hexdigest()[:24]}-{encoding}"
