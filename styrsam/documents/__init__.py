"""Governing documents (styrdokument) from draft to the public website (G12, G13, G28, G29)."""
