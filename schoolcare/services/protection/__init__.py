"""Child protection use cases: incidents and mandatory reports, attendance, dropout cases, counselling."""
