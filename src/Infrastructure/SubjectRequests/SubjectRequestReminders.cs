using System.Globalization;
using MakCrm.Application.Common;
using MakCrm.Application.Notifications;
using MakCrm.Application.SubjectRequests;
using MakCrm.Domain.Common;
using MakCrm.Domain.SubjectRequests;
using MakCrm.Infrastructure.Background;
using MakCrm.Infrastructure.Persistence;
using MakCrm.Infrastructure.Persistence.RawSql;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace MakCrm.Infrastructure.SubjectRequests;

/// <summary>
/// Claims one batch of open subject requests whose reminder is due (a few working days before the deadline) and tells
/// head office's users, marking each reminded, in one transaction (<see cref="HeadOfficeReminders"/>): each deadline
/// is told about once, by one API instance, or after a failure is still due.
/// </summary>
[Scoped]
public sealed class SubjectRequestReminders(
    MakCrmDbContext db,
    OrganizationNotice notice,
    TimeProvider clock,
    SubjectRequestOptions options
)
{
    /// <summary>The statuses of a request still to be answered, as SQL literals (the claim and its index).</summary>
    internal static string OpenStatuses { get; } =
        EnumLiterals.List(SubjectRequestStatus.Received, SubjectRequestStatus.Verified, SubjectRequestStatus.Extended);

    private const string RequestTitle = "Запрос субъекта персональных данных";
    private const string AnswerBy = "ответить нужно не позднее";

    private static readonly string DueSql = $$"""
        SELECT * FROM subject_requests
        WHERE deleted_at IS NULL AND reminder_sent_at IS NULL AND remind_at <= {0}
          AND status IN ({{OpenStatuses}})
        ORDER BY remind_at, id
        LIMIT {1}
        FOR UPDATE SKIP LOCKED
        """;

    /// <returns>How many requests were reminded of; fewer than the batch size means none are left due.</returns>
    public Task<int> RemindBatchAsync(CancellationToken cancellationToken)
    {
        var now = clock.UtcNowMicroseconds();
        return HeadOfficeReminders.RemindBatchAsync<SubjectRequest>(
            db,
            notice,
            DueSql,
            now,
            options.ReminderBatchSize,
            request =>
            {
                request.MarkReminderSent(now);
                var kind = SnakeCaseNames.Of(request.Kind);
                var dueOn = request.DueOn.ToString("dd.MM.yyyy", CultureInfo.InvariantCulture);
                return new(
                    $"{RequestTitle}: срок ответа {dueOn}",
                    $"Запрос ({kind}) получен {request.ReceivedAt:dd.MM.yyyy}; {AnswerBy} {dueOn}."
                );
            },
            cancellationToken
        );
    }
}

/// <summary>Every poll interval, reminds head office of the subject requests whose deadline nears, batch by batch
/// until none are left.</summary>
internal sealed class SubjectRequestReminderWorker(
    IServiceScopeFactory scopes,
    IOptions<SubjectRequestOptions> options,
    TimeProvider clock,
    ILogger<SubjectRequestReminderWorker> logger
) : PollingWorker(scopes, clock, logger)
{
    protected override string Work => "Reminding of subject requests' deadlines";

    protected override string EnabledSetting => "Mak:SubjectRequests:RemindersEnabled";

    protected override bool Enabled => options.Value.RemindersEnabled;

    protected override TimeSpan Interval => options.Value.ReminderPollInterval;

    protected override async Task<(int Handled, bool More)> RunRoundAsync(
        IServiceProvider services,
        CancellationToken cancellationToken
    )
    {
        var reminded = await services.GetRequiredService<SubjectRequestReminders>().RemindBatchAsync(cancellationToken);
        return (reminded, reminded >= options.Value.ReminderBatchSize);
    }
}
