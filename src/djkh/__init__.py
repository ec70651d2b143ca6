"""djkh: exact, reviewable scoring of party-building assessments (党建考核)."""

__version__ = "0.2.0"
