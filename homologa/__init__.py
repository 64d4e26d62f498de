"""Homologa's harness: servers, browsers, evidence and packs, wired into pytest by plugin.py."""

__all__: list[str] = []
