"""Runs: many notices in (inputs), each answered (answer), in batches (batch, resume, ray_engine), records out."""
