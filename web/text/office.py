"""Page text of notices, monthly bulletins and the workbook pages: key → (zh-CN, en)."""

TEXT: dict[str, tuple[str, str]] = {}
