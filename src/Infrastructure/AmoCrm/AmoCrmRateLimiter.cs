using Microsoft.Extensions.Options;
using Npgsql;

namespace MakCrm.Infrastructure.AmoCrm;

/// <summary>
/// The one outbound limiter of an amoCRM account, shared by every instance of the API (ADR 0046): the account's row of
/// <c>amocrm_rate_slots</c> holds the time of its next free request slot. Taking a slot is one upsert that moves that
/// time on by the spacing (a second, plus <see cref="AmoCrmOptions.RateMargin"/>, over the rate) and answers how long
/// to wait for the slot taken; the row's lock serialises the instances, the database's clock is the only clock read,
/// so instances whose clocks differ still space their requests. A 429 pushes every later slot back
/// (<see cref="BackOffAsync"/>).
/// </summary>
[Singleton]
public sealed class AmoCrmRateLimiter(NpgsqlDataSource dataSource, IOptions<AmoCrmOptions> options, TimeProvider clock)
{
    private const string TakeSlot = """
        WITH now AS (SELECT clock_timestamp() AS at)
        INSERT INTO amocrm_rate_slots AS slots (account_id, next_at)
        SELECT $1, now.at + $2 FROM now
        ON CONFLICT (account_id) DO UPDATE SET next_at = GREATEST(slots.next_at, clock_timestamp()) + $2
        RETURNING slots.next_at - $2, GREATEST(slots.next_at - $2 - clock_timestamp(), interval '0')
        """;

    private const string PushBack = """
        INSERT INTO amocrm_rate_slots AS slots (account_id, next_at) VALUES ($1, clock_timestamp() + $2)
        ON CONFLICT (account_id) DO UPDATE SET next_at = GREATEST(slots.next_at, clock_timestamp() + $2)
        """;

    /// <summary>The time between two requests to one account at <paramref name="requestsPerSecond"/>.</summary>
    public TimeSpan Spacing(int requestsPerSecond) =>
        (TimeSpan.FromSeconds(1) + options.Value.RateMargin) / Math.Max(1, requestsPerSecond);

    /// <summary>
    /// Waits for the account's next request slot at the configured rate (or <paramref name="requestsPerSecond"/>, the
    /// connection's own), which no other caller on any instance gets; the request is sent right after. Answers the
    /// slot's time by the database's clock.
    /// </summary>
    public async Task<DateTimeOffset> TakeAsync(
        long accountId,
        CancellationToken cancellationToken,
        int? requestsPerSecond = null
    )
    {
        await using var command = dataSource.CreateCommand(TakeSlot);
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = accountId });
        var spacing = Spacing(requestsPerSecond ?? options.Value.RequestsPerSecond);
        command.Parameters.Add(new NpgsqlParameter<TimeSpan> { TypedValue = spacing });
        DateTimeOffset slot;
        TimeSpan wait;
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            await reader.ReadAsync(cancellationToken);
            slot = await reader.GetFieldValueAsync<DateTimeOffset>(0, cancellationToken);
            wait = await reader.GetFieldValueAsync<TimeSpan>(1, cancellationToken);
        }

        if (wait > TimeSpan.Zero)
        {
            await Task.Delay(wait, clock, cancellationToken);
        }

        return slot;
    }

    /// <summary>No request to the account leaves for <paramref name="delay"/> from now (after a 429), on any
    /// instance; slots already later stay as they are.</summary>
    public async Task BackOffAsync(long accountId, TimeSpan delay, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(PushBack);
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = accountId });
        command.Parameters.Add(new NpgsqlParameter<TimeSpan> { TypedValue = delay });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}

/// <summary>The next free request slot of one amoCRM account (table <c>amocrm_rate_slots</c>).</summary>
internal sealed class AmoCrmRateSlotRow
{
    public long AccountId { get; private set; }

    public DateTimeOffset NextAt { get; private set; }
}
