"""Findings applied to a rubric: the score card, ranking, and batches of units."""
