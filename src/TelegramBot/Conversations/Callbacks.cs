using System.Security.Cryptography;
using MakCrm.TelegramBot.State;

namespace MakCrm.TelegramBot.Conversations;

/// <summary>What a button does: an action of the flows and its argument (a lead's id, a page cursor, …).</summary>
public sealed record Choice(string Text, string Action, string? Argument = null);

/// <summary>
/// Buttons' callback data is a random 12-character key to a row (chat, action, argument) kept here: it fits
/// Telegram's 64 bytes whatever the argument, and a key is looked up with the chat it was made for, so data forged or
/// copied from another chat resolves to nothing. Whatever a button does is then done with the presser's own token.
/// </summary>
public sealed class Callbacks(BotDatabase database)
{
    public async Task<IReadOnlyList<IReadOnlyList<TransportButton>>> ButtonsAsync(
        string chatKey,
        IEnumerable<IEnumerable<Choice>> rows,
        CancellationToken cancellationToken
    )
    {
        var result = new List<IReadOnlyList<TransportButton>>();
        foreach (var row in rows)
        {
            var buttons = new List<TransportButton>();
            foreach (var choice in row)
            {
                var key = Convert.ToBase64String(RandomNumberGenerator.GetBytes(9)).Replace('+', '-').Replace('/', '_');
                await using var command = database.DataSource.CreateCommand(
                    $"INSERT INTO {database.Table("callbacks")} (key, chat_key, action, argument) VALUES ($1, $2, "
                        + $"$3, $4)"
                );
                command.Parameters.AddWithValue(key);
                command.Parameters.AddWithValue(chatKey);
                command.Parameters.AddWithValue(choice.Action);
                command.Parameters.AddWithValue((object?)choice.Argument ?? DBNull.Value);
                await command.ExecuteNonQueryAsync(cancellationToken);
                buttons.Add(new TransportButton(choice.Text, key));
            }

            result.Add(buttons);
        }

        return result;
    }

    /// <summary>The action behind <paramref name="data"/> pressed in <paramref name="chatKey"/>, or null (unknown,
    /// forged, another chat's).</summary>
    public async Task<(string Action, string? Argument)?> ResolveAsync(
        string chatKey,
        string? data,
        CancellationToken cancellationToken
    )
    {
        if (data is not { Length: > 0 and <= 64 })
        {
            return null;
        }

        await using var command = database.DataSource.CreateCommand(
            $"SELECT action, argument FROM {database.Table("callbacks")} WHERE key = $1 AND chat_key = $2"
        );
        command.Parameters.AddWithValue(data);
        command.Parameters.AddWithValue(chatKey);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken)
            ? (reader.GetString(0), await reader.IsDBNullAsync(1, cancellationToken) ? null : reader.GetString(1))
            : null;
    }
}
