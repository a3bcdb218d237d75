"""Notices: Jinja2 templates (zh-CN and en), a pure ``render``, the outbox dispatcher, transports."""
