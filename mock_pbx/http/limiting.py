"""X-RateLimit-* on every API response, per login (the runtime's RateLimiter); 429 past the limit
once enforcement is on."""

from starlette.types import Message, Receive, Scope, Send

from mock_pbx.http.base import ApiMiddleware, basic_username
from mock_pbx.wire.errors import error_response


class RateLimitMiddleware(ApiMiddleware):
    async def handle(self, scope: Scope, receive: Receive, send: Send) -> None:
        client = scope.get("client") or ("unknown", 0)
        key = basic_username(scope["headers"]) or f"address:{client[0]}"
        headers, allowed = self.runtime.ratelimit.hit(key, self.runtime.clock.now())
        if not allowed:
            await error_response(429, headers=headers)(scope, receive, send)
            return

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                extra = [(k.lower().encode(), v.encode()) for k, v in headers.items()]
                message = {**message, "headers": [*message.get("headers", []), *extra]}
            await send(message)

        await self.app(scope, receive, with_headers)
