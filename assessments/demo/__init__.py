"""The demo for `make run`: a realistic organisation, its rounds and roadmaps, and a consulting
firm with its clients and reviews. The top of the house: it uses every room, none uses it.

``load.demo_load`` builds it all; ``rounds`` the organisation-wide rounds and roadmaps, each
round on its own framework version; ``follow_up`` one team's named check and the follow-up
where people start from their answers last time; ``data`` holds its people and habits as data.
"""
