namespace MakCrm.TelegramSimulator;

/// <summary>How the fakes wait for what the bot sends: polling their record of sent messages until one matches.</summary>
internal static class Waiting
{
    /// <summary>
    /// The first of <paramref name="sent"/> after the first <paramref name="skip"/> that matches, polled every 50 ms;
    /// past <paramref name="timeout"/> (20 s) a <see cref="TimeoutException"/> listing the texts sent to <paramref name="chat"/>.
    /// </summary>
    public static async Task<T> ForAsync<T>(Func<IReadOnlyList<T>> sent, Func<T, bool>? match, int skip, TimeSpan? timeout, Func<T, string> text, string chat)
    {
        var deadline = DateTimeOffset.UtcNow + (timeout ?? TimeSpan.FromSeconds(20));
        while (true)
        {
            var found = sent().Skip(skip).FirstOrDefault(m => match?.Invoke(m) ?? true);
            if (found is not null)
            {
                return found;
            }

            if (DateTimeOffset.UtcNow > deadline)
            {
                throw new TimeoutException($"No matching message to {chat}. Sent: {string.Join(" | ", sent().Select(text))}");
            }

            await Task.Delay(50);
        }
    }
}
