"""Page text of the chain page and the task pages: key → (zh-CN, en)."""

TEXT: dict[str, tuple[str, str]] = {}
