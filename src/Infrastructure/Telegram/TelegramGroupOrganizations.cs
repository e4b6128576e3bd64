using MakCrm.Infrastructure.Persistence;

namespace MakCrm.Infrastructure.Telegram;

/// <summary>
/// The organizations with a linked Telegram group, remembered by the instance while it hears every change to the links
/// (a statement trigger on <c>telegram_group_links</c> notifies <see cref="ChannelName"/> as the change commits), so
/// that a notification of a kind groups get asks no statement whether its organization has a group. Read in the
/// caller's transaction; a scope that changed a link (<see cref="TelegramGroupLinkChanges"/>) reads the links as it
/// sees them and remembers nothing, since its change may never commit.
/// </summary>
[Singleton]
public sealed class TelegramGroupOrganizations(TimeProvider clock)
    : ListenedCache<IReadOnlySet<Guid>>(ChannelName, clock)
{
    public const string ChannelName = "mak_telegram_group_links";

    public async Task<IReadOnlySet<Guid>> ReadAsync(
        MakCrmDbContext db,
        TelegramGroupLinkChanges scope,
        CancellationToken cancellationToken
    )
    {
        if (!scope.Changed && Remembered is { } remembered)
        {
            return remembered;
        }

        var generation = Generation;
        var linked = (
            await db.Set<TelegramGroupLink>()
                .AsNoTracking()
                .Select(l => l.OrganizationId)
                .Distinct()
                .ToListAsync(cancellationToken)
        ).ToHashSet();
        if (!scope.Changed)
        {
            Remember(linked, generation);
        }

        return linked;
    }
}

/// <summary>Whether the scope changed a Telegram group link: set by <see cref="MessengerLinks"/>, which also makes this
/// instance forget the remembered links once the change commits.</summary>
[Scoped]
public sealed class TelegramGroupLinkChanges
{
    public bool Changed { get; set; }
}
