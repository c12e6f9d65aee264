"""The ticker: APScheduler calls `run_due` every few minutes; the database decides what is due.

It also prunes text older than the retention period once a day (`storage.retention`). The scheduler
holds no reminders of its own, so the traps that usually come with one do not apply:
- every web worker may start one: the outbox's keys and claims make each notice go out once;
- a tick that starts late is run anyway (`misfire_grace_time=None`; the default of one second silently
  drops a job delayed by a busy machine), and missed ticks collapse into one (`coalesce`);
- there are no daily jobs to lose across a daylight-saving change: the tick is a fixed interval in UTC,
  and each reminder's wall-clock time is computed from its calendar day by the planner.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from datetime import UTC, datetime, timedelta

from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.triggers.interval import IntervalTrigger

from bot.clock import Clock
from bot.config import Settings
from reminders.channels import Channel
from reminders.delivery import run_due
from storage.db import Database

log = logging.getLogger(__name__)


def tick(database: Database, channels: Sequence[Channel], settings: Settings, clock: Clock) -> None:
    """One tick; never raises, so a bad tick cannot stop the scheduler."""
    try:
        summary = run_due(database, channels, settings, clock.now())
    except Exception:
        log.exception("reminder tick failed; the next tick tries again")
        return
    if summary.sent or summary.failed or summary.retrying:
        log.info("reminders: %d sent, %d retrying, %d failed", len(summary.sent), len(summary.retrying),
                 len(summary.failed))  # fmt: skip


def prune_daily(database: Database, settings: Settings, clock: Clock) -> None:
    """Remove text older than the retention period; never raises."""
    from storage.retention import prune

    try:
        with database.session_scope() as session:
            prune(session, clock.now(), years=settings.retention_years,
                  dialogue_timeout_hours=settings.dialogue_timeout_hours)  # fmt: skip
    except Exception:
        log.exception("pruning failed; it is tried again tomorrow")


def start(
    database: Database,
    channels: Sequence[Channel],
    settings: Settings,
    clock: Clock,
    *,
    extra_jobs: Sequence[tuple[Callable[[], None], timedelta]] = (),
) -> BackgroundScheduler:
    """Start ticking: reminders every few minutes, pruning once a day, and any extra jobs."""
    scheduler = BackgroundScheduler(timezone=UTC)
    jobs = [
        (lambda: tick(database, channels, settings, clock), timedelta(minutes=settings.tick_minutes)),
        (lambda: prune_daily(database, settings, clock), timedelta(days=1)),
        *extra_jobs,
    ]
    for number, (job, every) in enumerate(jobs):
        scheduler.add_job(
            job,
            IntervalTrigger(seconds=int(every.total_seconds()), timezone=UTC),
            id=f"utblick-job-{number}",
            next_run_time=datetime.now(UTC),  # a first tick at start catches up after downtime
            misfire_grace_time=None,
            coalesce=True,
            max_instances=1,
            replace_existing=True,
        )
    scheduler.start()
    log.info("reminder scheduler started: a tick every %d minutes", settings.tick_minutes)
    return scheduler
