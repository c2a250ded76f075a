"""Child protection screens (儿童保护): the area (area.py) and one module per tab."""
