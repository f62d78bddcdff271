"""Reading: text to values with evidence and confidence, no model (normalise, extract, place, rate)."""
