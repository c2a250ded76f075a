"""Headless commands: each `run(args, ctx) -> exit code`, thin over the services."""
