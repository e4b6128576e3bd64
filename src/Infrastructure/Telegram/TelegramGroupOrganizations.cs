using MakCrm.Infrastructure.Persistence;

namespace MakCrm.Infrastructure.Telegram;

/// <summary>
/// The organizations with a linked Telegram group, remembered by the instance while it hears every change to the links
/// (a statement trigger on <c>telegram_group_links</c> notifies <see cref="ChannelName"/> as the change commits), so
/// that a notification of a kind groups get asks no statement whether its organization has a group. Read in the
/// caller's transaction (<see cref="ListenedCache{T}.ReadThroughAsync"/>).
/// </summary>
[Singleton]
public sealed class TelegramGroupOrganizations(TimeProvider clock)
    : ListenedCache<IReadOnlySet<Guid>>(ChannelName, clock)
{
    public const string ChannelName = "mak_telegram_group_links";

    public Task<IReadOnlySet<Guid>> ReadAsync(
        MakCrmDbContext db,
        ListenedCacheWrites writes,
        CancellationToken cancellationToken
    ) =>
        ReadThroughAsync(
            writes,
            async cancel =>
                (
                    await db.Set<TelegramGroupLink>()
                        .AsNoTracking()
                        .Select(l => l.OrganizationId)
                        .Distinct()
                        .ToListAsync(cancel)
                ).ToHashSet(),
            cancellationToken
        );
}
