"""The import/export workbook: one sheet per kind, Chinese or English headers."""
