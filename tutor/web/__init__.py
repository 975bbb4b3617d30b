"""Gradio web front end: one module per tab, assembled in app.py."""
