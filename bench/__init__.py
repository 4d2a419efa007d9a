"""Benchmarks for briefkit and the synthetic op-ed corpus they run on (see README.md)."""
