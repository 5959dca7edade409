"""measures stage."""
