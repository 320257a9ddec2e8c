"""The payment provider's client certificate, mounted from the Secret orders-payments-client.

``PAYMENTS_CERT_DIR`` holds ``client.crt`` and ``client.key`` (the Secret's tls.crt/tls.key, as
files: never as env). Readiness depends on them, so a missing or broken mount keeps the pod
out of the Service. No TLS client is built: there is no payment provider in the tier.
"""

from __future__ import annotations

import base64
import hashlib
import os
import re

PEM = re.compile(rb"-----BEGIN ([A-Z ]+)-----\s+([A-Za-z0-9+/=\s]+?)-----END \1-----")


def cert_dir() -> str:
    return os.environ.get("PAYMENTS_CERT_DIR", "/etc/orders/payments")


def _pem(path: str, kinds: tuple[bytes, ...]) -> bytes:
    with open(path, "rb") as f:
        m = PEM.search(f.read())
    if not m or m.group(1) not in kinds:
        raise ValueError(f"{path}: no PEM block of type {'/'.join(k.decode() for k in kinds)}")
    return base64.b64decode(b"".join(m.group(2).split()))


def client_cert() -> dict[str, str]:
    """SHA-256 fingerprint of the certificate (openssl x509 -fingerprint -sha256 shows the same)."""
    d = cert_dir()
    der = _pem(os.path.join(d, "client.crt"), (b"CERTIFICATE",))
    _pem(os.path.join(d, "client.key"), (b"PRIVATE KEY", b"RSA PRIVATE KEY", b"EC PRIVATE KEY"))
    return {"dir": d, "sha256": hashlib.sha256(der).hexdigest()}
