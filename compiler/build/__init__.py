"""Compile: a valid Catalog → typed artifacts (merged forms, lists, reports) → generated/."""
