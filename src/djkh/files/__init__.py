"""Files in and out: bytes to text, YAML to documents with positions, rubric lookup, output."""
