"""Report templates compiled ahead of time (vetting.outputs.templates)."""
