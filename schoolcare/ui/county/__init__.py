"""The county's screens (R14): its home with every school side by side, and one school's term read-only."""
