"""Fact kinds: one module per fact field, each declaring ``FIELD`` (see ``generator/extract/fields.py``).

A module here is found by the registry on import: its ``FIELD`` names the field (the
module's own name), its label, whether a paper has many, its position among the fields,
its extractor (a function of the paper's ``Analysis``) and its CSV column.
"""
