"""Due dates counted through a year without a loaded notice were a Monday–Friday estimate; they
are now counted with the year's predicted arrangement and marked 预测. Open cases are recomputed
here, each change recorded on the case's timeline."""

from django.db import migrations, models
from django.utils import timezone

from gongkai.annual import tallies


def recompute_open_cases(apps, schema_editor):  # type: ignore[no-untyped-def]
    from gongkai.applications import deadlines
    from gongkai.applications.services.clock import clock_of
    from gongkai.calendar import sources
    from gongkai.calendar.workdays import Arrangement, Source

    notice_model = apps.get_model("workcalendar", "NoticeVersion")
    day_model = apps.get_model("workcalendar", "SpecialDay")
    latest = {}
    for version in notice_model.objects.all():
        if version.year not in latest or version.version > latest[version.year].version:
            latest[version.year] = version
    loaded = {}
    for year, version in latest.items():
        days = day_model.objects.filter(notice=version)
        loaded[year] = Arrangement(
            year,
            Source.NOTICE,
            {d.day: d.name for d in days if d.kind == "holiday"},
            {d.day: d.name for d in days if d.kind == "workday"},
            version.notice,
        )
    calendar = sources.calendar(loaded)
    application_model = apps.get_model("applications", "Application")
    event_model = apps.get_model("applications", "CaseEvent")
    today = timezone.localdate()
    for case in application_model.objects.exclude(status="closed").filter(due_date__isnull=False):
        events = list(event_model.objects.filter(application=case).order_by("at", "pk"))
        for event in events:  # the live clock reads `action`, the name 0006 gave this column
            event.action = event.kind
        deadline = deadlines.compute(clock_of(case, events), calendar, today, explain=False)
        if (deadline.reply_due, deadline.estimated, deadline.predicted) == (
            case.due_date,
            case.due_estimated,
            False,
        ):
            continue
        before = {"due_date": case.due_date.isoformat(), "due_estimated": case.due_estimated}
        old = case.due_date
        case.due_date, case.due_estimated = deadline.reply_due, deadline.estimated
        case.due_predicted = deadline.predicted
        case.version += 1
        case.save(update_fields=["due_date", "due_estimated", "due_predicted", "version"])
        event_model.objects.create(
            application=case,
            kind="recalculated",
            on=today,
            before=before,
            after={
                "due_date": case.due_date.isoformat() if case.due_date else None,
                "due_estimated": case.due_estimated,
                "due_predicted": case.due_predicted,
            },
            data={"changed": case.due_date != old, "upgrade": True},
            note=f"平台改按预测的节假日安排计算尚未公布通知的年度（此前按周一至周五估算）：答复期限{old.isoformat()}→"
            f"{case.due_date.isoformat() if case.due_date else '—'}",
        )


class Migration(migrations.Migration):

    dependencies = [
        ('applications', '0003_concluded_after_received'),
        ('workcalendar', '0003_notice_versions'),
        ('reports', '0002_tallies'),  # its triggers are set aside while SQLite rebuilds the table
    ]

    operations = [
        migrations.RunPython(tallies.set_aside_on_sqlite, tallies.put_back_on_sqlite),
        migrations.AddField(
            model_name='application',
            name='due_predicted',
            field=models.BooleanField(default=False, help_text='期限跨入国务院办公厅尚未公布（或尚未载入）节假日安排的年度', verbose_name='答复期限按预测的节假日安排计算'),
        ),
        migrations.AlterField(
            model_name='caseevent',
            name='kind',
            field=models.CharField(choices=[('received', '登记收到申请'), ('assigned', '指定承办人'), ('linked_repeat', '关联重复申请'), ('imported', '从台账导入'), ('recalculated', '节假日安排变更，重新计算期限'), ('request_correction', '告知补正'), ('receive_correction', '收到补正材料'), ('lapse_correction', '逾期未补正，终止处理'), ('start_consultation', '征求意见（暂停计时）'), ('end_consultation', '收到意见（恢复计时）'), ('extend', '批准延期答复'), ('set_custom_deadline', '确定延迟答复期限（第三十五条）'), ('send_fee_notice', '发出收费通知'), ('record_payment', '登记缴费'), ('lapse_fee', '逾期未缴费，终止处理'), ('decide', '作出答复决定'), ('serve', '登记送达'), ('withdraw', '申请人撤回申请')], max_length=30, verbose_name='事项'),
        ),
        migrations.RunPython(tallies.put_back_on_sqlite, tallies.set_aside_on_sqlite),
        migrations.RunPython(recompute_open_cases, migrations.RunPython.noop),
    ]
