namespace MakCrm.Infrastructure.Streaming;

/// <summary>
/// One open stream as every instance counts it (<c>stream_slots</c>): whose it is, which instance holds it, and when
/// that instance last said it still does.
/// </summary>
public sealed class StreamSlot
{
    public Guid Id { get; set; }

    /// <summary>The user's or API client's id, as the token's subject names it.</summary>
    public string Caller { get; set; } = "";

    public Guid InstanceId { get; set; }

    public DateTimeOffset OpenedAt { get; set; }

    public DateTimeOffset RenewedAt { get; set; }
}
