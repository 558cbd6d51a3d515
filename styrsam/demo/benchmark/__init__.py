"""The project's own benchmark (issue 18, docs/performance.md): ``styrsam manage benchmark``."""
