"""The synthetic catalog generator behind ``python -m benchmarks.generate``, in small parts.

Vocabulary (``departments``, ``dictionary_words``, ``item_words``, ``side_words``), the record
builders of each list, the planted defects, YAML text helpers and the command line.
"""
