using System.Globalization;
using MakCrm.Application.Common;
using MakCrm.Application.Notifications;
using MakCrm.Application.SubjectRequests;
using MakCrm.Domain.Common;
using MakCrm.Domain.Notifications;
using MakCrm.Domain.Organizations;
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
/// head office's users, marking each reminded, in one transaction. The rows are claimed with <c>FOR UPDATE SKIP
/// LOCKED</c>, so dispatchers of several API instances over one database never take the same request; the mark and
/// the notifications commit together, so each deadline is told about once, or (after a failure) is still due.
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

    private static readonly string DueSql = $$"""
        SELECT * FROM subject_requests
        WHERE deleted_at IS NULL AND reminder_sent_at IS NULL AND remind_at <= {0}
          AND status IN ({{OpenStatuses}})
        ORDER BY remind_at, id
        LIMIT {1}
        FOR UPDATE SKIP LOCKED
        """;

    /// <returns>How many requests were reminded of; fewer than the batch size means none are left due.</returns>
    public async Task<int> RemindBatchAsync(CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var now = clock.UtcNowMicroseconds();
        var take = Math.Max(1, options.ReminderBatchSize);
        var due = await db.Set<SubjectRequest>()
            .FromSqlRaw(DueSql, now, take)
            .IgnoreQueryFilters()
            .ToListAsync(cancellationToken);
        foreach (var request in due)
        {
            request.MarkReminderSent(now);
            var kind = SnakeCaseNames.Of(request.Kind);
            var dueOn = request.DueOn.ToString("dd.MM.yyyy", CultureInfo.InvariantCulture);
            await notice.SendAsync(
                Organization.HeadOfficeId,
                NotificationKind.Generic,
                $"Запрос субъекта персональных данных: срок ответа {dueOn}",
                $"Запрос ({kind}) получен {request.ReceivedAt:dd.MM.yyyy}; ответить нужно "
                    + $"не позднее {dueOn}.",
                null,
                mailedSeparately: false,
                cancellationToken
            );
        }

        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        db.ChangeTracker.Clear();
        return due.Count;
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
