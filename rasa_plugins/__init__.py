"""Code that runs inside the Rasa server process (configured in endpoints.yml / credentials.yml)."""
