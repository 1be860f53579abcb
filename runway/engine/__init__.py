"""The pure engine: plain data in, plain data out. Imports no Django and no Runway app."""
