"""Small-cohort protection: suppression, audit, proportions, comparisons."""
