"""Wires Homologa's pytest plugin and the step definitions; no logic lives here."""

pytest_plugins = [
    "homologa.plugin",
    "homologa.fixtures",
    "steps.agent_steps",
    "steps.customer_steps",
    "steps.negative_steps",
    "steps.practice_steps",
    "steps.human_agent_steps",
    "steps.connect_steps",
    "steps.review_blocker_steps",
]
