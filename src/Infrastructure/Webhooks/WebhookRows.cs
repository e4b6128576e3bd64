namespace MakCrm.Infrastructure.Webhooks;

/// <summary>A subscription's signing secret (table <c>webhook_secrets</c>), encrypted with the key-encryption
/// key.</summary>
internal sealed class WebhookSecretRow
{
    public Guid Id { get; init; }

    public Guid SubscriptionId { get; init; }

    public byte[] Secret { get; init; } = [];

    public DateTimeOffset CreatedAt { get; init; }

    /// <summary><c>null</c> for the current secret; set when it is rotated out (it signs until then).</summary>
    public DateTimeOffset? ExpiresAt { get; set; }
}

/// <summary>
/// One message to one subscription (table <c>webhook_deliveries</c>): the exact bytes that are signed and sent, where
/// it
/// stands, and the lease under which a worker is sending it. Written and claimed with SQL of its own.
/// </summary>
internal sealed class WebhookDeliveryRow
{
    public Guid Id { get; private set; }

    public Guid SubscriptionId { get; private set; }

    /// <summary>The event delivered; <c>null</c> for a ping.</summary>
    public Guid? EventId { get; private set; }

    /// <summary><c>webhook-id</c>: <see cref="MessageIdOf"/> the event (a ping's own id), the same on every
    /// attempt.</summary>
    public string MessageId { get; private set; } = null!;

    public string EventType { get; private set; } = null!;

    public byte[] Body { get; private set; } = [];

    public string Status { get; private set; } = null!;

    public int Attempts { get; private set; }

    public DateTimeOffset? NextAttemptAt { get; private set; }

    public DateTimeOffset? LeaseUntil { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    /// <summary>The <c>webhook-id</c> of the messages about <paramref name="id"/>: <c>msg_</c> and the id.</summary>
    public static string MessageIdOf(Guid id) => "msg_" + id.ToString("D");
}

/// <summary>One HTTP request of a delivery (table <c>webhook_attempts</c>), the delivery log's line.</summary>
internal sealed class WebhookAttemptRow
{
    public Guid Id { get; private set; }

    public Guid DeliveryId { get; private set; }

    public DateTimeOffset AttemptedAt { get; private set; }

    public string Trigger { get; private set; } = null!;

    public bool Succeeded { get; private set; }

    public int? ResponseStatus { get; private set; }

    public int DurationMs { get; private set; }

    public string? ResponseBody { get; private set; }

    public string? Error { get; private set; }
}

/// <summary>How far fan-out has followed the event feed (table <c>webhook_cursor</c>, one row).</summary>
internal sealed class WebhookCursorRow
{
    public int Id { get; private set; }

    public long LastSequence { get; private set; }
}
