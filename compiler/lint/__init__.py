"""Lint: rules as data (rules/*.yaml) applied by small generic checks."""
