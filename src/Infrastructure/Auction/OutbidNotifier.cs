using System.Globalization;
using MakCrm.Application.Abstractions.Events;
using MakCrm.Application.Abstractions.Notifications;
using MakCrm.Application.Abstractions.Security;
using MakCrm.Application.Common;
using MakCrm.Domain.Notifications;
using MakCrm.Infrastructure.Persistence;

namespace MakCrm.Infrastructure.Auction;

/// <summary>
/// Claims a batch of <see cref="OutbidNotice"/> rows (<c>FOR UPDATE SKIP LOCKED</c>, so notifiers of several API
/// instances never take the same row) and tells the users of each organization that lost a lot's lead, through the
/// notification outbox (so the cabinet, e-mail and Telegram follow each user's preferences), deleting the rows in the
/// same transaction: a notice is delivered once, or after a failure is still there for the next attempt. Several
/// notices of one batch for the same lot and organization make one notification, with the latest price.
/// </summary>
[Scoped]
public sealed class OutbidNotifier(
    MakCrmDbContext db,
    INotificationOutbox outbox,
    IUserDirectory users,
    IEventWriter events
)
{
    public const string Title = "Вашу ставку перебили";

    public const int BatchSize = 100;

    private static readonly NumberFormatInfo Rubles = new()
    {
        NumberGroupSeparator = " ",
        NumberDecimalSeparator = ",",
    };

    /// <returns>How many notices were handled; fewer than the batch size means none are left.</returns>
    public async Task<int> DeliverBatchAsync(CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var notices = await db.Set<OutbidNotice>()
            .FromSql(
                $"""
                SELECT * FROM auction_outbid_notices ORDER BY created_at, bid_id
                LIMIT {BatchSize} FOR UPDATE SKIP LOCKED
                """
            )
            .ToListAsync(cancellationToken);
        if (notices.Count == 0)
        {
            return 0;
        }

        var drafts = new List<NotificationDraft>();
        foreach (var latest in notices.GroupBy(n => (n.LotId, n.OrganizationId)).Select(g => g.MaxBy(n => n.Amount)!))
        {
            var body = string.Create(
                CultureInfo.InvariantCulture,
                $"Другой франчайзи поднял цену лота до {latest.Amount.ToString("#,0.##", Rubles)} ₽. Сделайте ставку "
                    + $"выше, чтобы вернуть лидерство."
            );
            drafts.AddRange(
                (await users.FindOrganizationUsersAsync(latest.OrganizationId, cancellationToken)).Select(
                    user => new NotificationDraft(
                        user.Id,
                        latest.OrganizationId,
                        NotificationKind.Auction,
                        Title,
                        body,
                        NotificationSubjectType.Lead,
                        latest.LeadId
                    )
                )
            );
        }

        await outbox.AddAsync(drafts, cancellationToken);
        db.Set<OutbidNotice>().RemoveRange(notices);
        await db.SaveChangesAsync(cancellationToken);
        await events.WriteRaisedAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        db.ChangeTracker.Clear();
        return notices.Count;
    }
}
