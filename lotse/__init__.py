"""Lotse – Fachkräfte-Lotse NRW."""
