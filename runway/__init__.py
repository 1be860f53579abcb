"""Runway: a financing platform for e-commerce ventures and small manufacturers."""
