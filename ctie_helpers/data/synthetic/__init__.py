"""Generators of the seven synthetic datasets, one module per dataset, plus their schema, rules and writer.

Each generator is a pure function ``f(seed, scale) -> DataFrame``; ``ctie_helpers.data.registry`` lists them.
"""
