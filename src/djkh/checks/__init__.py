"""What `djkh validate` checks: structure, rubric and findings content, warnings, batches."""
