"""Storage: typed SQLAlchemy models, the session scope, small query modules and Alembic migrations."""
