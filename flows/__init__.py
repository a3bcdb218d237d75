"""Prefect flows, each a few lines over a service; ``prefect.yaml`` declares their deployments."""
