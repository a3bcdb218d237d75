"""Words of the JSON API (its own error messages): key → (zh-CN, en).

The services' refusals are passed on as the services word them."""

TEXT: dict[str, tuple[str, str]] = {
    "api_token_needed": (
        "需要有效的访问令牌：请求头 Authorization: Bearer <令牌>（令牌由 chainops users token 生成）。",
        "A valid token is needed: Authorization: Bearer <token> (made by chainops users token).",
    ),
}
