"""The Textual user interface: make_app() builds the app the CLI runs and every UI test drives."""
