using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Claims;
using MakCrm.Domain.Common;
using MakCrm.Infrastructure.Observability;

namespace MakCrm.WebApi.Http;

/// <summary>A limit: at most <see cref="Quota"/> requests per key in each fixed window of
/// <see cref="Window"/>.</summary>
public sealed record RateLimitPolicy(string Name, int Quota, TimeSpan Window);

/// <summary>The outcome of taking one request from a key's quota.</summary>
public readonly record struct RateLimitDecision(RateLimitPolicy Policy, bool Allowed, int Remaining, int ResetSeconds);

/// <summary>
/// The limits of this instance, counted in memory in fixed windows per key (a key's window starts with its first
/// request), so that the <c>RateLimit</c> header can say exactly what is left and when it resets. Several instances
/// each count their own share, so a caller spread across N instances gets up to N times
/// the quota; for these limits (abuse protection, fairness between platforms) that is acceptable.
/// </summary>
public sealed class RateLimits(IConfiguration configuration, TimeProvider clock)
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
    public RateLimitDecision Take(RateLimitPolicy policy, string key, int cost = 1)
    {
        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        var counter = _counters.GetOrAdd(policy.Name + "|" + key, _ => new Counter());
        bool allowed;
        int used;
        long endsAt;
        lock (counter)
        {
            if (counter.EndsAt <= now)
            {
                (counter.Used, counter.EndsAt) = (0, now + (long)policy.Window.TotalMilliseconds);
            }

            allowed = counter.Used + cost <= policy.Quota;
            if (allowed)
            {
                counter.Used += cost;
            }

            (used, endsAt) = (counter.Used, counter.EndsAt);
        }

        if (Interlocked.Increment(ref _takes) % 4096 == 0)
        {
            ForgetEndedWindows(now);
        }

        var resetSeconds = (int)Math.Ceiling((endsAt - now) / 1000.0);
        return new RateLimitDecision(policy, allowed, policy.Quota - used, Math.Max(1, resetSeconds));
    }

    /// <summary>
    /// Takes a request from the key's quota and writes the <c>RateLimit-Policy</c> and <c>RateLimit</c> fields
    /// (draft-ietf-httpapi-ratelimit-headers); past the quota, the 429 problem with <c>Retry-After</c> to answer.
    /// </summary>
    public IResult? Enforce(HttpContext http, RateLimitPolicy policy, string key) =>
        Enforce(http, policy, key, 1, append: true);

    /// <summary>
    /// For a request that stands for several (a batch), after the middleware took its first: takes the further
    /// <paramref name="cost"/> requests, all or none, and replaces that policy's fields with what is left after them.
    /// </summary>
    public IResult? EnforceMore(HttpContext http, RateLimitPolicy policy, string key, int cost) =>
        cost <= 0 ? null : Enforce(http, policy, key, cost, append: false);

    private IResult? Enforce(HttpContext http, RateLimitPolicy policy, string key, int cost, bool append)
    {
        var decision = Take(policy, key, cost);
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
            lock (counter)
            {
                if (counter.EndsAt <= now)
                {
                    _counters.TryRemove(new KeyValuePair<string, Counter>(key, counter));
                }
            }
        }
    }

    private sealed class Counter
    {
        public int Used { get; set; }

        public long EndsAt { get; set; }
    }
}
