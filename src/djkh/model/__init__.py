"""The rubric and findings formats as frozen models, their validation and their JSON Schemas."""
