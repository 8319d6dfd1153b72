"""The floor for commands that read YAML: parse the named files with PyYAML's C loader
and nothing else. Usage: python bench/floor_parse.py FILE..."""

import sys

import yaml

for name in sys.argv[1:]:
    with open(name, "rb") as f:
        yaml.load(f, Loader=yaml.CSafeLoader)
