"""The rubric and findings formats as frozen pydantic models, and their JSON Schemas."""
