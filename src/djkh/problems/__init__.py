"""What djkh reports: problem codes and severities, located problems, reports, outcomes."""
