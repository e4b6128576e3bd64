using MakCrm.Domain.Organizations;

namespace MakCrm.Domain.Consents;

/// <summary>
/// A client's consent for one purpose: the version of the text agreed to, when and where it was given, when it ends
/// by itself, and its withdrawal. A withdrawal is a state of the consent, never its deletion: the record is what
/// proves the processing was allowed while it lasted.
/// </summary>
public sealed class Consent : AggregateRoot, IOrganizationOwned
{
    public const int MaxTextVersionLength = 50;

    private Consent() { }

    private Consent(Guid id, DateTimeOffset now)
        : base(id, now) { }

    /// <summary>The organization of the client, whose users see the consent.</summary>
    public Guid OrganizationId { get; private set; }

    public static PurgeRule Purge => PurgeRule.Blocks;

    public Guid ClientId { get; private set; }

    /// <summary>The lead whose submission carried the consent.</summary>
    public Guid? LeadId { get; private set; }

    public ConsentPurpose Purpose { get; private set; }

    public string TextVersion { get; private set; } = "";

    public DateTimeOffset GivenAt { get; private set; }

    public ConsentSource Source { get; private set; }

    /// <summary>The scan of a paper consent in the document store.</summary>
    public Guid? DocumentId { get; private set; }

    public DateTimeOffset? ExpiresAt { get; private set; }

    public DateTimeOffset? WithdrawnAt { get; private set; }

    public ConsentSource? WithdrawalSource { get; private set; }

    public Guid? WithdrawalDocumentId { get; private set; }

    /// <summary>A consent as given; its instants are in UTC to the microsecond, as PostgreSQL keeps them.</summary>
    public static Consent Record(Guid id, Guid organizationId, ConsentGiven given, DateTimeOffset now) =>
        new(id, now)
        {
            OrganizationId = organizationId,
            ClientId = given.ClientId,
            LeadId = given.LeadId,
            Purpose = given.Purpose,
            TextVersion = given.TextVersion.Trim(),
            GivenAt = given.GivenAt,
            Source = given.Source,
            DocumentId = given.DocumentId,
            ExpiresAt = ConsentTerms.ExpiryOf(given.Purpose, given.GivenAt, given.ExpiresAt),
        };

    /// <summary>Records the withdrawal; a consent withdrawn already keeps its first one.</summary>
    public void Withdraw(DateTimeOffset at, ConsentSource source, Guid? documentId, DateTimeOffset now)
    {
        if (WithdrawnAt is not null)
        {
            return;
        }

        WithdrawnAt = at;
        WithdrawalSource = source;
        WithdrawalDocumentId = documentId;
        Touch(now);
    }

    public ConsentStatus StatusAt(DateTimeOffset now) => ConsentTerms.StatusAt(WithdrawnAt, ExpiresAt, now);
}

/// <summary>What a consent records when it is given.</summary>
public sealed record ConsentGiven(
    Guid ClientId,
    ConsentPurpose Purpose,
    string TextVersion,
    DateTimeOffset GivenAt,
    ConsentSource Source,
    Guid? DocumentId = null,
    DateTimeOffset? ExpiresAt = null,
    Guid? LeadId = null
);

/// <summary>What a consent allows; each action that needs one names its purpose.</summary>
public enum ConsentPurpose
{
    /// <summary>Processing of personal data (152-ФЗ).</summary>
    PersonalDataProcessing,

    /// <summary>A request of the credit history (218-ФЗ): lasts 6 months.</summary>
    CreditHistoryRequest,

    /// <summary>Handing the data to partners and banks.</summary>
    TransferToPartners,

    /// <summary>Advertising messages (38-ФЗ).</summary>
    AdvertisingMessages,

    /// <summary>Checking the borrower with ФНС, ФССП and the sanctions list.</summary>
    BorrowerChecks,
}

/// <summary>Where a consent or its withdrawal was given.</summary>
public enum ConsentSource
{
    Form,
    Bot,
    Platform,

    /// <summary>A signed paper, its scan in the document store.</summary>
    PaperScan,
}

public enum ConsentStatus
{
    Active,
    Expired,
    Withdrawn,
}

/// <summary>How long a consent lasts and what it is at a moment.</summary>
public static class ConsentTerms
{
    /// <summary>A consent to request a credit history lasts 6 months (218-ФЗ).</summary>
    public const int CreditHistoryMonths = 6;

    /// <summary>The longest a consent for the purpose may last from when it was given; <c>null</c>: until
    /// withdrawn.</summary>
    public static DateTimeOffset? LatestExpiry(ConsentPurpose purpose, DateTimeOffset givenAt) =>
        purpose == ConsentPurpose.CreditHistoryRequest ? givenAt.AddMonths(CreditHistoryMonths) : null;

    /// <summary>The expiry asked for, else the purpose's own term.</summary>
    public static DateTimeOffset? ExpiryOf(ConsentPurpose purpose, DateTimeOffset givenAt, DateTimeOffset? asked) =>
        asked ?? LatestExpiry(purpose, givenAt);

    public static ConsentStatus StatusAt(DateTimeOffset? withdrawnAt, DateTimeOffset? expiresAt, DateTimeOffset now) =>
        withdrawnAt is { } withdrawn && withdrawn <= now ? ConsentStatus.Withdrawn
        : expiresAt is { } expires && expires <= now ? ConsentStatus.Expired
        : ConsentStatus.Active;
}
