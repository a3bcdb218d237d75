"""Notices: Jinja2 templates (zh-CN, en), a pure ``render``, the outbox dispatcher, transports."""
