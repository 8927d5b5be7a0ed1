"""Routing: the table of named rules (rules) and the router that applies it (router)."""
