namespace MakCrm.Domain.Retention;

/// <summary>
/// A client whose personal data must not be destroyed (a court's request, a dispute, an audit), whatever the retention
/// rules say, until head office lifts the hold. Lifting soft-deletes it, so the audit log keeps when it held.
/// </summary>
public sealed class LegalHold : AggregateRoot
{
    public const int MaxReasonLength = 1000;

    private LegalHold() { }

    private LegalHold(Guid id, Guid clientId, string reason, Guid? createdByUserId, DateTimeOffset now)
        : base(id, now) => (ClientId, Reason, CreatedByUserId) = (clientId, reason, createdByUserId);

    public Guid ClientId { get; private set; }

    public string Reason { get; private set; } = "";

    public Guid? CreatedByUserId { get; private set; }

    public static LegalHold Place(Guid id, Guid clientId, string reason, Guid? createdByUserId, DateTimeOffset now) =>
        new(id, clientId, TextNormalizer.Collapse(reason), createdByUserId, now);

    public void Lift(DateTimeOffset now) => MarkDeleted(now);
}
