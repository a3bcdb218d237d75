"""Page text of the key-project and factor-request pages: key → (zh-CN, en)."""

TEXT: dict[str, tuple[str, str]] = {}
