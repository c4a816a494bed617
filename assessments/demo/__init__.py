"""The demo for `make run`: a realistic organisation, its rounds and roadmaps, and a consulting
firm with its clients and reviews. The top of the house: it uses every room, none uses it.

``load.demo_load`` builds it all; ``data`` holds its people and habits as data.
"""
