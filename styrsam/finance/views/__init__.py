"""Pages of the finance app: budgets (``budgets``), allocation keys (``allocation``), the
department statement and the municipality overview (``statements``)."""
