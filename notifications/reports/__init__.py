"""The monthly bulletin (月通报) of a closed month: HTML pages, charts and a workbook.

``files.write_bulletin`` writes a month's files from a ``view.BulletinView``; ``html``,
``charts`` and ``workbook`` render each part. This package file imports nothing on purpose:
the views are needed everywhere, matplotlib (most of a second to import) only when drawing.
"""
