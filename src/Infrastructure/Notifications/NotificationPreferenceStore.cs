using MakCrm.Application.Abstractions.Notifications;
using MakCrm.Domain.Notifications;
using MakCrm.Infrastructure.Persistence;
using MakCrm.Infrastructure.Persistence.RawSql;

namespace MakCrm.Infrastructure.Notifications;

internal sealed class NotificationPreferenceStore(MakCrmDbContext db) : INotificationPreferenceStore
{
    // One statement, compiled once (it runs inside lead submissions, for their notifications): each user's address with
    // its choices for the kind (a correlated array, no row per choice).
    private static readonly Func<
        MakCrmDbContext,
        List<Guid>,
        NotificationKind,
        IAsyncEnumerable<RecipientRow>
    > Recipients = EF.CompileAsyncQuery(
        (MakCrmDbContext db, List<Guid> ids, NotificationKind kind) =>
            db
                .Users.AsNoTracking()
                .Where(u => ids.Contains(u.Id))
                .Select(u => new RecipientRow(
                    u.Id,
                    u.Email,
                    db.Set<NotificationPreference>()
                        .Where(p => p.UserId == u.Id && p.Kind == kind)
                        .Select(p => new ChannelChoice(p.Channel, p.Enabled))
                        .ToList()
                ))
    );

    public async Task<IReadOnlyDictionary<Guid, RecipientChoices>> ForRecipientsAsync(
        NotificationKind kind,
        IReadOnlyCollection<Guid> userIds,
        CancellationToken cancellationToken
    )
    {
        if (userIds.Count == 0)
        {
            return new Dictionary<Guid, RecipientChoices>();
        }

        var rows = await Recipients(db, userIds.ToList(), kind).ToListAsync(cancellationToken);
        return rows.ToDictionary(
            r => r.Id,
            r => new RecipientChoices(r.Email, r.Chosen.ToDictionary(c => c.Channel, c => c.Enabled))
        );
    }

    public async Task<IReadOnlyList<NotificationChoice>> ForUserAsync(
        Guid userId,
        CancellationToken cancellationToken
    ) =>
        await db.Set<NotificationPreference>()
            .AsNoTracking()
            .Where(p => p.UserId == userId)
            .Select(p => new NotificationChoice(p.Kind, p.Channel, p.Enabled))
            .ToListAsync(cancellationToken);

    public async Task ReplaceAsync(
        Guid userId,
        IReadOnlyList<NotificationChoice> choices,
        CancellationToken cancellationToken
    )
    {
        // Replacements of one user's choices run one at a time, so two at once cannot both insert the same key.
        var key = $"notification-preferences:{userId}";
        await AdvisoryLocks.LockAsync(db.Database, key, cancellationToken);
        await db.Set<NotificationPreference>().Where(p => p.UserId == userId).ExecuteDeleteAsync(cancellationToken);
        db.Set<NotificationPreference>()
            .AddRange(choices.Select(c => NotificationPreference.Create(userId, c.Kind, c.Channel, c.Enabled)));
    }

    private sealed record ChannelChoice(NotificationChannel Channel, bool Enabled);

    private sealed record RecipientRow(Guid Id, string? Email, List<ChannelChoice> Chosen);
}
