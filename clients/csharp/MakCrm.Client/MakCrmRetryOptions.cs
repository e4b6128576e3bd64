namespace MakCrm.Client;

/// <summary>When <see cref="MakCrmRetryHandler"/> repeats a request; the defaults suit most integrations.</summary>
public sealed class MakCrmRetryOptions
{
    /// <summary>How many times a request is repeated at most after its first answer (3 by default; 0 turns retries off).</summary>
    public int MaxRetries { get; set; } = 3;

    /// <summary>
    /// The first pause when the answer has no <c>Retry-After</c> (1 second by default); it doubles with every retry,
    /// with jitter.
    /// </summary>
    public TimeSpan BaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// The longest pause (30 seconds by default). An answer whose <c>Retry-After</c> asks for longer is not waited for:
    /// it reaches the caller as it is.
    /// </summary>
    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The clock of the pauses (<see cref="TimeProvider.System"/> by default; a test may pass a fake one).</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;
}
