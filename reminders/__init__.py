"""Reminders: deadline arithmetic, the planner of what is due, delivery exactly once, the scheduler tick."""
