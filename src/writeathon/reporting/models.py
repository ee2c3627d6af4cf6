"""Reporting keeps no table of its own: the tallies it reads belong to
writeathon.actions (actions.models.Tally), which keeps them current as it confirms actions."""
