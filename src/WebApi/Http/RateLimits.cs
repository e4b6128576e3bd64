using System.Collections.Concurrent;
using System.Data.Common;
using System.Globalization;
using System.Security.Claims;
using MakCrm.Domain.Common;
using MakCrm.Infrastructure.Observability;
using MakCrm.Infrastructure.RateLimiting;

namespace MakCrm.WebApi.Http;

/// <summary>A limit: at most <see cref="Quota"/> requests per key in each fixed window of
/// <see cref="Window"/>.</summary>
public sealed record RateLimitPolicy(string Name, int Quota, TimeSpan Window);

/// <summary>The outcome of taking one request from a key's quota.</summary>
public readonly record struct RateLimitDecision(RateLimitPolicy Policy, bool Allowed, int Remaining, int ResetSeconds);

/// <summary>
/// The request limits, one quota per key shared by every instance of the API: fixed windows per key (a key's window
/// starts with its first request, by the database's clock) counted in PostgreSQL (<see cref="RateLimitWindows"/>) in
/// blocks. Each instance leases a block of a key's quota in one statement and spends it in memory, and refuses without
/// asking the database again once it learns the window is spent; so N instances together accept at most the quota, and
/// the database sees a statement per block rather than per request. The blocks are a twentieth of the quota at most and
/// shrink as the quota runs out, so little of it is left leased and unused on another instance. The <c>RateLimit</c>
/// header says what is left as this instance last saw it. Should the database not answer, an instance counts alone
/// within the whole quota until the window ends.
/// </summary>
public sealed partial class RateLimits(
    IConfiguration configuration,
    TimeProvider clock,
    RateLimitWindows windows,
    ILogger<RateLimits> logger
)
{
    /// <summary>The fields every limited answer carries (draft-ietf-httpapi-ratelimit-headers).</summary>
    public const string PolicyHeader = "RateLimit-Policy";

    public const string Header = "RateLimit";

    private readonly ConcurrentDictionary<string, Counter> _counters = new(StringComparer.Ordinal);
    private long _takes;

    /// <summary>The API's operations, per API client or user (per address when anonymous).</summary>
    public RateLimitPolicy Api { get; } =
        new("api", configuration.GetValue("Mak:RateLimits:ApiRequestsPerMinute", 600), TimeSpan.FromMinutes(1));

    /// <summary>The token and registration endpoints, per client address: slows guessing from one address.</summary>
    public RateLimitPolicy Address { get; } =
        new("address", configuration.GetValue("Mak:RateLimits:TokenRequestsPerMinute", 30), TimeSpan.FromMinutes(1));

    /// <summary>
    /// Password sign-ins per username, whatever the address: slows guessing one account from many addresses before the
    /// lockout (5 wrong passwords) stops it, and keeps a flood of sign-ins from locking a user out again and again.
    /// </summary>
    public RateLimitPolicy Username { get; } =
        new(
            "username",
            configuration.GetValue("Mak:RateLimits:SignInsPerUsernamePerMinute", 10),
            TimeSpan.FromMinutes(1)
        );

    /// <summary>Takes <paramref name="cost"/> requests from the key's quota, all or none.</summary>
    public async ValueTask<RateLimitDecision> TakeAsync(
        RateLimitPolicy policy,
        string key,
        CancellationToken cancellationToken,
        int cost = 1
    )
    {
        var counter = _counters.GetOrAdd(policy.Name + "|" + key, _ => new Counter());
        bool allowed;
        int remaining;
        long endsAt,
            now;
        await counter.Gate.WaitAsync(cancellationToken);
        try
        {
            now = clock.GetUtcNow().ToUnixTimeMilliseconds();
            if (counter.EndsAt <= now)
            {
                (counter.EndsAt, counter.Left, counter.SharedUsed) = (0, 0, 0);
            }

            if (counter.Left < cost && (counter.EndsAt == 0 || counter.SharedUsed < policy.Quota))
            {
                await LeaseAsync(policy, key, counter, cost - counter.Left, now, cancellationToken);
            }

            allowed = counter.Left >= cost;
            if (allowed)
            {
                counter.Left -= cost;
            }

            remaining = policy.Quota - counter.SharedUsed + counter.Left;
            endsAt = counter.EndsAt;
        }
        finally
        {
            counter.Gate.Release();
        }

        if (Interlocked.Increment(ref _takes) % 4096 == 0)
        {
            ForgetEndedWindows(now);
        }

        var resetSeconds = (int)Math.Ceiling((endsAt - now) / 1000.0);
        return new RateLimitDecision(policy, allowed, remaining, Math.Max(1, resetSeconds));
    }

    /// <summary>Leases at least <paramref name="needed"/> more of the key's shared quota into the counter: what the
    /// window had left of the block asked for.</summary>
    private async Task LeaseAsync(
        RateLimitPolicy policy,
        string key,
        Counter counter,
        int needed,
        long now,
        CancellationToken cancellationToken
    )
    {
        var block = Math.Max(
            needed,
            Math.Clamp((policy.Quota - counter.SharedUsed) / 8, 1, Math.Max(1, policy.Quota / 20))
        );
        int granted;
        try
        {
            var lease = await windows.LeaseAsync(policy.Name, key, policy.Window, block, cancellationToken);
            granted = Math.Clamp(policy.Quota - (lease.Used - block), 0, block);
            counter.SharedUsed = Math.Min(policy.Quota, lease.Used);
            counter.EndsAt = now + (long)Math.Ceiling(lease.EndsIn.TotalMilliseconds);
        }
        catch (DbException ex)
        {
            LogCountingAlone(logger, policy.Name, ex);
            granted = Math.Clamp(policy.Quota - counter.SharedUsed, 0, block);
            counter.SharedUsed += granted;
            if (counter.EndsAt == 0)
            {
                counter.EndsAt = now + (long)policy.Window.TotalMilliseconds;
            }
        }

        counter.Left += granted;
    }

    /// <summary>
    /// Takes a request from the key's quota and writes the <c>RateLimit-Policy</c> and <c>RateLimit</c> fields
    /// (draft-ietf-httpapi-ratelimit-headers); past the quota, the 429 problem with <c>Retry-After</c> to answer.
    /// </summary>
    public ValueTask<IResult?> EnforceAsync(HttpContext http, RateLimitPolicy policy, string key) =>
        EnforceAsync(http, policy, key, 1, append: true);

    /// <summary>
    /// For a request that stands for several (a batch), after the middleware took its first: takes the further
    /// <paramref name="cost"/> requests, all or none, and replaces that policy's fields with what is left after them.
    /// </summary>
    public ValueTask<IResult?> EnforceMoreAsync(HttpContext http, RateLimitPolicy policy, string key, int cost) =>
        cost <= 0 ? ValueTask.FromResult<IResult?>(null) : EnforceAsync(http, policy, key, cost, append: false);

    private async ValueTask<IResult?> EnforceAsync(
        HttpContext http,
        RateLimitPolicy policy,
        string key,
        int cost,
        bool append
    )
    {
        var decision = await TakeAsync(policy, key, http.RequestAborted, cost);
        var headers = http.Response.Headers;
        var policyField = string.Create(
            CultureInfo.InvariantCulture,
            $"\"{policy.Name}\";q={policy.Quota};w={(int)policy.Window.TotalSeconds}"
        );
        var field = string.Create(
            CultureInfo.InvariantCulture,
            $"\"{policy.Name}\";r={decision.Remaining};t={decision.ResetSeconds}"
        );
        if (append)
        {
            headers.Append(PolicyHeader, policyField);
            headers.Append(Header, field);
        }
        else
        {
            headers[PolicyHeader] = policyField;
            headers[Header] = field;
        }

        if (decision.Allowed)
        {
            return null;
        }

        MakMetrics.RateLimitRefused(policy.Name);
        headers.RetryAfter = decision.ResetSeconds.ToString(CultureInfo.InvariantCulture);
        return Problems.Result(
            StatusCodes.Status429TooManyRequests,
            ErrorCodes.TooManyRequests,
            $"Too many requests ({policy.Name} limit: {policy.Quota} in {(int)policy.Window.TotalSeconds} s); wait "
                + $"for Retry-After seconds."
        );
    }

    /// <summary>The caller an API request is counted against: its subject (a user id or an API client id), else its
    /// address.</summary>
    public static string Caller(HttpContext http) =>
        http.User.FindFirst(ClaimTypes.NameIdentifier)?.Value is { } subject
            ? "sub:" + subject
            : "ip:" + ClientAddress(http);

    public static string ClientAddress(HttpContext http) => http.Connection.RemoteIpAddress?.ToString() ?? "unknown";

    private void ForgetEndedWindows(long now)
    {
        foreach (var (key, counter) in _counters)
        {
            // A counter in use is skipped; one removed while a request waits on it costs that key one more lease.
            if (counter.EndsAt <= now && counter.Gate.CurrentCount == 1)
            {
                _counters.TryRemove(new KeyValuePair<string, Counter>(key, counter));
            }
        }
    }

    [LoggerMessage(
        Level = LogLevel.Warning,
        Message = "The shared {Policy} limit could not be leased; this instance counts it alone until the window ends"
    )]
    private static partial void LogCountingAlone(ILogger logger, string policy, Exception exception);

    /// <summary>One key's window as this instance knows it, guarded by its gate.</summary>
    private sealed class Counter
    {
        public SemaphoreSlim Gate { get; } = new(1, 1);

        /// <summary>When the window ends, in this instance's milliseconds; 0 when no window is known.</summary>
        public long EndsAt { get; set; }

        /// <summary>Leased and not yet spent here.</summary>
        public int Left { get; set; }

        /// <summary>What the shared window had counted at the last lease, at most the quota.</summary>
        public int SharedUsed { get; set; }
    }
}
