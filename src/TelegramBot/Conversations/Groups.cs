using MakCrm.Client;
using MakCrm.TelegramBot.State;

namespace MakCrm.TelegramBot.Conversations;

/// <summary>
/// What a Telegram group gets of its organization's notifications, by topic: its new leads (one nobody is responsible
/// for, one handed over to it), its leads' new statuses, auction outcomes. Every topic is on until the group turns it
/// off (<c>/settings</c>).
/// </summary>
public static class GroupTopics
{
    public const string Leads = "leads";
    public const string Statuses = "statuses";
    public const string Auction = "auction";

    public static IReadOnlyList<(string Topic, string Label)> All { get; } =
    [(Leads, Texts.GroupTopicLeads), (Statuses, Texts.GroupTopicStatuses), (Auction, Texts.GroupTopicAuction)];

    /// <summary>The topic of a notification kind, or null for a kind groups do not get.</summary>
    public static string? Of(NotificationKind kind) =>
        kind switch
        {
            NotificationKind.Lead_unassigned or NotificationKind.Lead_handed_over => Leads,
            NotificationKind.Lead_status_changed => Statuses,
            NotificationKind.Auction => Auction,
            _ => null,
        };

    /// <summary>Whether a notification of this kind offers a button to take its lead (it arrives with nobody
    /// responsible).</summary>
    public static bool OffersTake(NotificationKind kind) =>
        kind is NotificationKind.Lead_unassigned or NotificationKind.Lead_handed_over;
}

/// <summary>A group as the bot keeps it: the organization it is linked to and the topics turned off.</summary>
public sealed record GroupChat(Guid? OrganizationId, IReadOnlySet<string> MutedTopics);

/// <summary>The groups' rows of the table <c>chats</c>.</summary>
public sealed class Groups(BotDatabase database)
{
    public async Task<GroupChat?> FindAsync(string chatKey, CancellationToken cancellationToken)
    {
        await using var command = database.DataSource.CreateCommand(
            $"SELECT organization_id, muted_topics FROM {database.Table("chats")} WHERE chat_key = $1"
        );
        command.Parameters.AddWithValue(chatKey);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return null;
        }

        return new GroupChat(
            await reader.IsDBNullAsync(0, cancellationToken) ? null : reader.GetGuid(0),
            (await reader.GetFieldValueAsync<string[]>(1, cancellationToken)).ToHashSet(StringComparer.Ordinal)
        );
    }

    /// <summary>The group is linked to <paramref name="organizationId"/> (or, with null, to none any more).</summary>
    public async Task SetOrganizationAsync(string chatKey, Guid? organizationId, CancellationToken cancellationToken)
    {
        await using var command = database.DataSource.CreateCommand(
            $"""
            INSERT INTO {database.Table("chats")} AS c (chat_key, organization_id) VALUES ($1, $2)
            ON CONFLICT (chat_key) DO UPDATE SET organization_id = excluded.organization_id, updated_at = now()
            """
        );
        command.Parameters.AddWithValue(chatKey);
        command.Parameters.Add(
            new Npgsql.NpgsqlParameter
            {
                Value = (object?)organizationId ?? DBNull.Value,
                NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Uuid,
            }
        );
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Turns <paramref name="topic"/> off, or on again; answers the topics off afterwards.</summary>
    public async Task<IReadOnlySet<string>> ToggleAsync(
        string chatKey,
        string topic,
        CancellationToken cancellationToken
    )
    {
        await using var command = database.DataSource.CreateCommand(
            $"""
            UPDATE {database.Table("chats")} SET updated_at = now(), muted_topics = CASE WHEN $2 = ANY(muted_topics)
                THEN array_remove(muted_topics, $2) ELSE array_append(muted_topics, $2) END
            WHERE chat_key = $1 RETURNING muted_topics
            """
        );
        command.Parameters.AddWithValue(chatKey);
        command.Parameters.AddWithValue(topic);
        return (await command.ExecuteScalarAsync(cancellationToken) as string[] ?? []).ToHashSet(
            StringComparer.Ordinal
        );
    }
}
