"""PySide6 widgets: thin. They collect input, call a service, show the result or the error."""
