"""Render: the published site (办事指南, 一件事指南, 免申即享政策指南, printable forms, index)."""
