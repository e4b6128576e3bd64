using MakCrm.Infrastructure.Persistence;
using Npgsql;

namespace MakCrm.Infrastructure.Telegram;

/// <summary>
/// The organizations with a linked Telegram group, remembered by the instance while it hears every change to the links
/// (a statement trigger on <c>telegram_group_links</c> notifies <see cref="ChannelName"/> as the change commits), so
/// that a notification of a kind groups get asks no statement whether its organization has a group. Read on a
/// connection of its own, outside the caller's transaction: only committed links are remembered.
/// </summary>
[Singleton]
public sealed class TelegramGroupOrganizations(NpgsqlDataSource dataSource, TimeProvider clock)
    : ListenedCache<IReadOnlySet<Guid>>(ChannelName, clock)
{
    public const string ChannelName = "mak_telegram_group_links";

    public async Task<IReadOnlySet<Guid>> ReadAsync(CancellationToken cancellationToken)
    {
        if (Remembered is { } remembered)
        {
            return remembered;
        }

        var generation = Generation;
        var linked = new HashSet<Guid>();
        await using (
            var command = dataSource.CreateCommand("SELECT DISTINCT organization_id FROM telegram_group_links")
        )
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                linked.Add(reader.GetGuid(0));
            }
        }

        Remember(linked, generation);
        return linked;
    }
}
