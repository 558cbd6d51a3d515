"""Pages of meetings, one module per area: ``meetings`` (list, plan, the meeting page and its
agenda), ``minutes``, ``compliance`` (frequency and company meetings) and ``calendar``."""
