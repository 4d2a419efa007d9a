"""briefkit: op-eds and legal briefs in, a searchable, embeddable static site out."""

__version__ = "0.1.0"
