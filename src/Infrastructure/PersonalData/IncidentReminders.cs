using System.Globalization;
using MakCrm.Application.Common;
using MakCrm.Application.Notifications;
using MakCrm.Domain.PersonalData;
using MakCrm.Infrastructure.Background;
using MakCrm.Infrastructure.Persistence;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace MakCrm.Infrastructure.PersonalData;

/// <summary>The reminders of personal-data incidents' notices (configuration section
/// <c>Mak:PersonalDataIncidents</c>).</summary>
public sealed class IncidentReminderOptions
{
    public const string Section = "Mak:PersonalDataIncidents";

    /// <summary>Off: this instance sends no reminders (others on the same database still may).</summary>
    public bool RemindersEnabled { get; set; } = true;

    public TimeSpan ReminderPollInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>At most this many incidents are claimed and reminded of in one transaction.</summary>
    public int ReminderBatchSize { get; set; } = 50;
}

/// <summary>
/// Claims one batch of incidents whose reminder is due (<see cref="PersonalDataIncident.ReminderLead"/> before
/// a notice to Роскомнадзор not yet sent) and tells head office's users which notice is due when, marking
/// each reminded, in one transaction (<see cref="HeadOfficeReminders"/>). An incident recorded late is reminded
/// of at once; one whose two notices are both near or past is reminded of each in turn.
/// </summary>
[Scoped]
public sealed class IncidentReminders(
    MakCrmDbContext db,
    OrganizationNotice notice,
    TimeProvider clock,
    IOptions<IncidentReminderOptions> options
)
{
    private const string IncidentTitle = "Инцидент с персональными данными";
    private const string FirstNotice = "первое уведомление";
    private const string FollowUpNotice = "уведомление о результатах расследования";

    private const string DueSql = """
        SELECT * FROM personal_data_incidents
        WHERE deleted_at IS NULL AND remind_at <= {0}
        ORDER BY remind_at, id
        LIMIT {1}
        FOR UPDATE SKIP LOCKED
        """;

    /// <returns>How many incidents were reminded of; fewer than the batch size means none are left due.</returns>
    public Task<int> RemindBatchAsync(CancellationToken cancellationToken)
    {
        var now = clock.UtcNowMicroseconds();
        return HeadOfficeReminders.RemindBatchAsync<PersonalDataIncident>(
            db,
            notice,
            DueSql,
            now,
            options.Value.ReminderBatchSize,
            incident =>
            {
                var which = incident.NoticeToRemindOf!.Value;
                var dueAt = incident.DueAt(which);
                incident.MarkReminded(now);
                var what = which == IncidentNotice.Initial ? FirstNotice : FollowUpNotice;
                var when = Moment(dueAt);
                return new(
                    $"{IncidentTitle}: {what} в Роскомнадзор до {when}",
                    $"«{incident.Title}» выявлен {Moment(incident.DetectedAt)}; "
                        + $"{what} нужно направить до {when}"
                        + (dueAt < now ? " — срок уже прошёл." : ".")
                );
            },
            cancellationToken
        );
    }

    private static string Moment(DateTimeOffset instant) =>
        instant.UtcDateTime.ToString("dd.MM.yyyy HH:mm", CultureInfo.InvariantCulture) + " UTC";
}

/// <summary>Every poll interval, reminds head office of the incidents' notices that fall due, batch by batch until
/// none are left.</summary>
internal sealed class IncidentReminderWorker(
    IServiceScopeFactory scopes,
    IOptions<IncidentReminderOptions> options,
    TimeProvider clock,
    ILogger<IncidentReminderWorker> logger
) : PollingWorker(scopes, clock, logger)
{
    protected override string Work => "Reminding of personal-data incidents' notices";

    protected override string EnabledSetting => "Mak:PersonalDataIncidents:RemindersEnabled";

    protected override bool Enabled => options.Value.RemindersEnabled;

    protected override TimeSpan Interval => options.Value.ReminderPollInterval;

    protected override async Task<(int Handled, bool More)> RunRoundAsync(
        IServiceProvider services,
        CancellationToken cancellationToken
    )
    {
        var reminded = await services.GetRequiredService<IncidentReminders>().RemindBatchAsync(cancellationToken);
        return (reminded, reminded >= options.Value.ReminderBatchSize);
    }
}
