"""Storage: SQLModel tables, one UTC datetime column type, migrations and flat queries."""
