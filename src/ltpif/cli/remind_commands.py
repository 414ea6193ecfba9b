"""`ltpif remind`: the deadline reminders due today (the calendar's today), sent once each.

Safe to run daily from cron: each reminder is recorded in the transaction that queues its
emails, under a unique key (plan, stage, deadline, days before), so a second run on the same
day, or two runs at once, send nothing more. `--dry-run` lists what would be sent and writes
nothing."""

from __future__ import annotations

import argparse

from ltpif.cli.options import add_data_dir


def register(commands: argparse._SubParsersAction) -> None:
    remind = commands.add_parser(
        "remind",
        help="send the deadline reminders due today (14, 7 and 1 days before, and once after "
        "a deadline passes), each once: safe to run daily",
    )
    remind.add_argument(
        "--dry-run", action="store_true", help="list what would be sent; write and send nothing"
    )
    add_data_dir(remind, "the database's folder")
    remind.set_defaults(run=run_remind)


def _when(days_before: int) -> str:
    return "deadline passed" if days_before < 0 else f"{days_before}-day reminder"


def run_remind(args: argparse.Namespace) -> int:
    from ltpif.web.boot import check_database, configure

    configure(args.data_dir)
    check_database(migrated=True)
    from ltpif.assurance.wording import day
    from ltpif.web.notifications.notify import reminders_due, send_reminder
    from ltpif.web.planning.queries import calendar_today

    today = calendar_today()
    due = reminders_due(today)
    verb = "Would send" if args.dry_run else "Sent"
    sent = 0
    for item in due:
        reminder, plan = item.reminder, item.plan
        people = item.recipients
        if not args.dry_run:
            told = send_reminder(item, today)
            if told is None:
                continue  # another run sent it first
            people = told.people
            sent += 1
        print(
            f"{verb} {plan.system_id} {plan.system.name}: the {reminder.stage} plan due by "
            f"{day(reminder.date)} ({_when(reminder.days_before)}) to {people} "
            f"{'person' if people == 1 else 'people'}"
        )
    count = len(due) if args.dry_run else sent
    print(
        f"{verb} {count} reminder(s) due on {day(today)}"
        + (": nothing written." if args.dry_run else ".")
    )
    return 0
