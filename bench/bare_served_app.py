"""The baseline of bench_serve.py: a bare Textual app with a login-like screen, served by stock textual-serve."""
from textual.app import App
from textual.widgets import Footer, Header, Input, Label


class Bare(App):
    def compose(self):
        yield Header()
        yield Label("login")
        yield Input()
        yield Input(password=True)
        yield Footer()


if __name__ == "__main__":
    Bare().run()
