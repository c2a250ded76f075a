"""The county (R14): schools side by side, county ledgers, the inbox of reports sent to it, transfers."""
