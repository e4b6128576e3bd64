using System.Globalization;
using MakCrm.TelegramBot.Telegram;

namespace MakCrm.TelegramBot.State;

/// <summary>
/// The Telegram bot this instance speaks as, asked of <c>getMe</c> once. Update ids, the <c>getUpdates</c> offset and
/// the poller's lease belong to one bot, so they are kept under its id (<see cref="Key"/>): a new token of another bot
/// on the same database starts from its own offset instead of skipping every update as already seen.
/// </summary>
public sealed class BotIdentity(TelegramBotApi telegram, BotDatabase database)
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private TgUser? _me;

    public async Task<TgUser> GetAsync(CancellationToken cancellationToken)
    {
        if (_me is { } known)
        {
            return known;
        }

        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (_me is null)
            {
                var me = await telegram.GetMeAsync(cancellationToken);
                await database.AdoptUnnamedClaimsAsync(me.Id, cancellationToken);
                _me = me;
            }

            return _me;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary><paramref name="name"/> of this bot: <c>poll_offset:7000000001</c>.</summary>
    public async Task<string> KeyAsync(string name, CancellationToken cancellationToken) =>
        $"{name}:{(await GetAsync(cancellationToken)).Id.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>Whether a command's <c>@username</c> suffix (if any) names this bot (in a group, commands may name
    /// another).</summary>
    public async Task<bool> IsAddressedAsync(string command, CancellationToken cancellationToken)
    {
        var at = command.IndexOf('@', StringComparison.Ordinal);
        return at < 0
            || string.Equals(
                command[(at + 1)..],
                (await GetAsync(cancellationToken)).Username,
                StringComparison.OrdinalIgnoreCase
            );
    }
}
