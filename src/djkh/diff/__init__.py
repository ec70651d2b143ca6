"""What changed between rubric versions, and what that means for the units' scores."""
