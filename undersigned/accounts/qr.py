"""The provisioning QR code, drawn here as SVG (no image service, no JavaScript)."""

import base64

import pyotp
import qrcode
import qrcode.image.svg
from django.conf import settings


def otpauth_uri(*, secret: str, username: str) -> str:
    issuer = getattr(settings, "UNDERSIGNED_2FA_ISSUER", "undersigned")
    return pyotp.TOTP(secret).provisioning_uri(name=username, issuer_name=issuer)


def qr_svg_data_uri(data: str) -> str:
    """A data: URI of an SVG QR code (allowed by the CSP's img-src 'self' data:). As an
    image, the SVG cannot run or load anything."""
    qr = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=4,
                       image_factory=qrcode.image.svg.SvgPathFillImage)
    qr.add_data(data)
    qr.make(fit=True)
    svg = qr.make_image().to_string(encoding="unicode")
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode("ascii")


def format_secret(secret: str) -> str:
    """The secret in groups of four, easier to type into an authenticator."""
    return " ".join(secret[i:i + 4] for i in range(0, len(secret), 4))

