"""Page text of the JSON API (error messages): key → (zh-CN, en)."""

TEXT: dict[str, tuple[str, str]] = {}
