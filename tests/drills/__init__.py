"""Drills: many processes against one database (writers, kill -9, a big import), checked for lost or doubled writes."""
