namespace MakCrm.Domain.Retention;

/// <summary>A kind of personal data with its own retention term (152-ФЗ art. 21).</summary>
public enum RetentionDataKind
{
    /// <summary>A client none of whose leads became a deal, counted from the last change of the client or its
    /// leads.</summary>
    LeadWithoutDeal,

    /// <summary>A client without a deal who withdrew the processing consent (on the card, or every processing consent
    /// record withdrawn), counted from the withdrawal.</summary>
    WithdrawnConsent,

    /// <summary>An organization whose registration head office rejected, counted from the rejection.</summary>
    RejectedRegistration,
}

/// <summary>
/// How long head office keeps one kind of personal data before the destruction worker destroys it: a term in days and
/// whether the rule is applied. There is one rule per kind, seeded with its default.
/// </summary>
public sealed class RetentionRule : AggregateRoot
{
    public const int MinDays = 1;
    public const int MaxDays = 3650;

    /// <summary>The terms a new database starts with: a year for a lead that came to nothing, the 30 days of art. 21
    /// part 5 after a consent is withdrawn, and 30 days after a registration is rejected.</summary>
    public static IReadOnlyDictionary<RetentionDataKind, int> DefaultDays { get; } =
        new Dictionary<RetentionDataKind, int>
        {
            [RetentionDataKind.LeadWithoutDeal] = 365,
            [RetentionDataKind.WithdrawnConsent] = 30,
            [RetentionDataKind.RejectedRegistration] = 30,
        };

    private RetentionRule() { }

    private RetentionRule(Guid id, RetentionDataKind kind, int days, DateTimeOffset now)
        : base(id, now) => (Kind, Days, Enabled) = (kind, days, true);

    public RetentionDataKind Kind { get; private set; }

    public int Days { get; private set; }

    public bool Enabled { get; private set; }

    public TimeSpan Term => TimeSpan.FromDays(Days);

    public static RetentionRule Seeded(Guid id, RetentionDataKind kind, DateTimeOffset at) =>
        new(id, kind, DefaultDays[kind], at);

    /// <summary>Applies a new term or switch; a change that changes nothing keeps the version.</summary>
    public void Update(int days, bool enabled, DateTimeOffset now)
    {
        if (days == Days && enabled == Enabled)
        {
            return;
        }

        (Days, Enabled) = (days, enabled);
        Touch(now);
    }
}
