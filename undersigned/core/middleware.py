"""Security headers added to every response: a strict Content Security Policy (no inline
script, nothing from another origin), no referrer to other sites (SecurityMiddleware
sets Referrer-Policy from settings), and no third-party anything."""

from undersigned.core.ratelimit import is_trusted_proxy

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; "
    "base-uri 'none'; object-src 'none'"
)


class SecurityHeadersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Content-Security-Policy", CSP)
        response.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
        response.setdefault("Cross-Origin-Opener-Policy", "same-origin")
        return response


FORWARDED = ("HTTP_X_FORWARDED_FOR", "HTTP_X_FORWARDED_PROTO", "HTTP_X_FORWARDED_HOST",
             "HTTP_X_FORWARDED_PORT", "HTTP_FORWARDED", "HTTP_X_REAL_IP")


class ForwardedHeadersMiddleware:
    """Forwarded headers are believed only from a proxy in ``TRUSTED_PROXIES``: from anyone
    else they are dropped before anything reads them (the client address for rate limits,
    ``X-Forwarded-Proto`` for HTTPS), so a client cannot pose as another address or as a
    secure connection."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not is_trusted_proxy(request.META.get("REMOTE_ADDR", "")):
            for header in FORWARDED:
                request.META.pop(header, None)
        return self.get_response(request)
