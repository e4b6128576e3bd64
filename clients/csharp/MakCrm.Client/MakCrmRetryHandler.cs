using System.Net;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Polly;
using Polly.Retry;

namespace MakCrm.Client;

/// <summary>
/// Repeats a request that was answered 429 (too many requests) or 503 (service unavailable), after the pause the
/// answer's <c>Retry-After</c> asks for (seconds or a date; without one, an exponential back-off with jitter), at most
/// <see cref="MakCrmRetryOptions.MaxRetries"/> times — but only a request that is safe to repeat: <c>GET</c>,
/// <c>HEAD</c> and <c>OPTIONS</c>, and any request with an <c>Idempotency-Key</c> (which
/// <see cref="MakCrmIdempotencyHandler"/> adds to the operations that take one). Other requests, and answers whose
/// <c>Retry-After</c> is longer than <see cref="MakCrmRetryOptions.MaxDelay"/>, reach the caller as they are. Built on
/// a Polly resilience pipeline. Put it inside the token handler, so that every attempt carries a valid token.
/// </summary>
public sealed partial class MakCrmRetryHandler : DelegatingHandler
{
    private readonly MakCrmRetryOptions _options;
    private readonly ResiliencePipeline<HttpResponseMessage> _pipeline;
    private readonly ILogger _logger;

    /// <summary>A handler with the given settings (null for the defaults) that logs each retry.</summary>
    public MakCrmRetryHandler(MakCrmRetryOptions? options = null, ILogger<MakCrmRetryHandler>? logger = null)
    {
        _options = options ?? new MakCrmRetryOptions();
        _logger = logger ?? NullLogger<MakCrmRetryHandler>.Instance;
        ArgumentOutOfRangeException.ThrowIfNegative(_options.MaxRetries, "options.MaxRetries");
        ArgumentOutOfRangeException.ThrowIfLessThan(_options.BaseDelay, TimeSpan.Zero, "options.BaseDelay");
        ArgumentOutOfRangeException.ThrowIfLessThan(_options.MaxDelay, TimeSpan.Zero, "options.MaxDelay");
        ArgumentNullException.ThrowIfNull(_options.TimeProvider, "options.TimeProvider");
        var builder = new ResiliencePipelineBuilder<HttpResponseMessage> { TimeProvider = _options.TimeProvider };
        if (_options.MaxRetries > 0)
        {
            builder.AddRetry(new RetryStrategyOptions<HttpResponseMessage>
            {
                MaxRetryAttempts = _options.MaxRetries,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = _options.BaseDelay,
                MaxDelay = _options.MaxDelay,
                ShouldHandle = args => ValueTask.FromResult(args.Outcome.Result is { } response && IsRetryable(response)),
                DelayGenerator = args => ValueTask.FromResult(args.Outcome.Result is { } response ? RetryAfter(response) : null),
                OnRetry = args =>
                {
                    if (args.Outcome.Result is { } response)
                    {
                        var request = response.RequestMessage;
                        var operation = (request is null ? null : MakCrmOperations.Find(request)?.Id) ?? "call";
                        var delay = args.RetryDelay.TotalMilliseconds;
                        var status = (int)response.StatusCode;
                        Retrying(_logger, operation, status, args.AttemptNumber + 1, _options.MaxRetries, delay);
                    }

                    // The answer that is not returned is done with.
                    args.Outcome.Result?.Dispose();
                    return default;
                },
            });
        }

        _pipeline = builder.Build();
    }

    /// <summary>Whether a request may be repeated: a safe method, or an <c>Idempotency-Key</c>.</summary>
    public static bool IsSafeToRepeat(HttpRequestMessage request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return request.Method == HttpMethod.Get || request.Method == HttpMethod.Head || request.Method == HttpMethod.Options
            || MakCrmIdempotencyHandler.KeyOf(request) is not null;
    }

    /// <inheritdoc />
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (_options.MaxRetries == 0 || !IsSafeToRepeat(request))
        {
            return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }

        // A retry sends the body again, so a body that can be read only once is buffered first.
        await request.BufferForResendAsync(cancellationToken).ConfigureAwait(false);

        return await _pipeline.ExecuteAsync(
            static (state, token) => new ValueTask<HttpResponseMessage>(state.Handler.SendOnceAsync(state.Request, token)),
            (Handler: this, Request: request),
            cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Not supported: the pauses are asynchronous. Use <c>SendAsync</c> (as the SDK does).</summary>
    protected override HttpResponseMessage Send(HttpRequestMessage request, CancellationToken cancellationToken) =>
        throw new NotSupportedException("MakCrmRetryHandler sends asynchronously only; use HttpClient.SendAsync (as the SDK does).");

    private Task<HttpResponseMessage> SendOnceAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
        base.SendAsync(request, cancellationToken);

    private bool IsRetryable(HttpResponseMessage response) =>
        response.StatusCode is HttpStatusCode.TooManyRequests or HttpStatusCode.ServiceUnavailable
        && !(RetryAfter(response) > _options.MaxDelay);

    // The pause the answer asks for (never negative), or null when it names none.
    private TimeSpan? RetryAfter(HttpResponseMessage response)
    {
        var header = response.Headers.RetryAfter;
        var wait = header?.Delta ?? (header?.Date is { } date ? date - _options.TimeProvider.GetUtcNow() : null);
        return wait is { } pause && pause < TimeSpan.Zero ? TimeSpan.Zero : wait;
    }

    [LoggerMessage(EventId = 4, Level = LogLevel.Warning,
        Message = "MaK CRM {Operation} answered {StatusCode}: retry {Attempt} of {MaxRetries} in {DelayMs:0} ms")]
    private static partial void Retrying(
        ILogger logger, string operation, int statusCode, int attempt, int maxRetries, double delayMs);
}
