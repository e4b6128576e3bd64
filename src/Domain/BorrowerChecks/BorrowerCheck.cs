using MakCrm.Domain.Organizations;

namespace MakCrm.Domain.BorrowerChecks;

/// <summary>
/// One check of a borrower by a provider, kept on the client: its basis (the live consent it ran under), who ran it,
/// the hash of what was asked, and its closed outcome. An asynchronous provider's check is pending with the
/// provider's task until a poll completes it. Its creation, each poll and its completion are audited like every
/// aggregate's change, each line naming the provider, the request's hash and the outcome so far.
/// </summary>
public sealed class BorrowerCheck : AggregateRoot, IOrganizationOwned, IAuditedWithContext
{
    private static readonly string[] AuditContext =
    [
        nameof(Kind),
        nameof(Provider),
        nameof(RequestHash),
        nameof(Status),
        nameof(Outcome),
    ];

    public const int MaxDetailLength = 2000;
    public const int MaxTaskLength = 200;

    private BorrowerCheck() { }

    private BorrowerCheck(Guid id, DateTimeOffset now)
        : base(id, now) { }

    /// <summary>The organization of the client, whose users see the check.</summary>
    public Guid OrganizationId { get; private set; }

    /// <summary>A check is its client's, which blocks the purge first; the key to the organization refuses it
    /// too.</summary>
    public static PurgeRule Purge => PurgeRule.LeftToTheDatabase;

    public Guid ClientId { get; private set; }

    public BorrowerCheckKind Kind { get; private set; }

    public BorrowerCheckProvider Provider { get; private set; }

    public BorrowerCheckStatus Status { get; private set; }

    public BorrowerCheckOutcome? Outcome { get; private set; }

    public BorrowerCheckUnavailableReason? Reason { get; private set; }

    public string[] Missing { get; private set; } = [];

    public string? Detail { get; private set; }

    /// <summary>The sanctions list's entries matched, as JSON (<see cref="SanctionsMatch"/>); <c>[]</c> when
    /// none.</summary>
    public IReadOnlyList<SanctionsMatch> Matches { get; private set; } = [];

    public string? ListVersion { get; private set; }

    /// <summary>The consent the check ran under.</summary>
    public Guid ConsentId { get; private set; }

    /// <summary>SHA-256 of the provider's request (hex): what was asked, without keeping the borrower's numbers;
    /// the key an answer is reused by.</summary>
    public string RequestHash { get; private set; } = "";

    public bool Cached { get; private set; }

    public Guid? RequestedBy { get; private set; }

    public DateTimeOffset RequestedAt { get; private set; }

    public DateTimeOffset? CompletedAt { get; private set; }

    /// <summary>The asynchronous provider's task while pending.</summary>
    public string? ProviderTask { get; private set; }

    /// <summary>When a worker polls the pending task next.</summary>
    public DateTimeOffset? NextPollAt { get; private set; }

    /// <summary>How many times a worker asked the provider for the task's result.</summary>
    public int Polls { get; private set; }

    IReadOnlyCollection<string> IAuditedWithContext.AuditContext => AuditContext;

    public static BorrowerCheck Start(Guid id, CheckRequest request, DateTimeOffset now) =>
        new(id, now)
        {
            OrganizationId = request.OrganizationId,
            ClientId = request.ClientId,
            Kind = request.Kind,
            Provider = ProviderOf(request.Kind),
            Status = BorrowerCheckStatus.Pending,
            ConsentId = request.ConsentId,
            RequestHash = request.RequestHash,
            RequestedBy = request.RequestedBy,
            RequestedAt = now,
        };

    public static BorrowerCheckProvider ProviderOf(BorrowerCheckKind kind) =>
        kind switch
        {
            BorrowerCheckKind.SelfEmployed => BorrowerCheckProvider.FnsNpd,
            BorrowerCheckKind.EnforcementProceedings => BorrowerCheckProvider.Fssp,
            BorrowerCheckKind.CompanyRegistration => BorrowerCheckProvider.Egrul,
            _ => BorrowerCheckProvider.SanctionsList,
        };

    /// <summary>Records the provider's task; a worker polls it from <paramref name="pollAt"/>.</summary>
    public void AwaitTask(string task, DateTimeOffset pollAt)
    {
        ProviderTask = task;
        NextPollAt = pollAt;
    }

    /// <summary>A worker asked the provider for the task's result; what it answered follows (<see cref="PollLater"/>
    /// or <see cref="Complete"/>).</summary>
    public void Polled() => Polls++;

    /// <summary>The task is not ready yet: polled again at <paramref name="pollAt"/>.</summary>
    public void PollLater(DateTimeOffset pollAt, DateTimeOffset now)
    {
        NextPollAt = pollAt;
        Touch(now);
    }

    /// <summary>Records the outcome; a completed check keeps its first one.</summary>
    public void Complete(CheckResult result, DateTimeOffset now, bool cached = false)
    {
        if (Status == BorrowerCheckStatus.Completed)
        {
            return;
        }

        Status = BorrowerCheckStatus.Completed;
        Outcome = result.Outcome;
        Reason = result.Reason;
        Missing = [.. result.Missing];
        Detail = result.StoredDetail;
        Matches = result.Matches;
        ListVersion = result.ListVersion;
        Cached = cached;
        CompletedAt = now;
        NextPollAt = null;
        if (CreatedAt != now)
        {
            Touch(now);
        }
    }

    /// <summary>The result as recorded, for reusing it; <c>null</c> while pending.</summary>
    public CheckResult? Result =>
        Outcome is { } outcome ? new CheckResult(outcome, Reason, Missing, Detail, Matches, ListVersion) : null;
}

/// <summary>Who asks which check of which client, under which consent, and the hash of the provider's
/// request.</summary>
public sealed record CheckRequest(
    Guid OrganizationId,
    Guid ClientId,
    BorrowerCheckKind Kind,
    Guid ConsentId,
    string RequestHash,
    Guid? RequestedBy
);

/// <summary>
/// The closed result of a check. <see cref="BorrowerCheckOutcome.Unavailable"/> always carries its reason, and is never
/// read as clear.
/// </summary>
public sealed record CheckResult(
    BorrowerCheckOutcome Outcome,
    BorrowerCheckUnavailableReason? Reason,
    IReadOnlyList<string> Missing,
    string? Detail,
    IReadOnlyList<SanctionsMatch> Matches,
    string? ListVersion
)
{
    public static CheckResult Clear(string? detail = null, string? listVersion = null) =>
        new(BorrowerCheckOutcome.Clear, null, [], detail, [], listVersion);

    public static CheckResult Hit(string? detail, IReadOnlyList<SanctionsMatch>? matches = null, string? list = null) =>
        new(BorrowerCheckOutcome.Hit, null, [], detail, matches ?? [], list);

    public static CheckResult NeedsInput(params string[] missing) =>
        new(BorrowerCheckOutcome.NeedsInput, null, missing, null, [], null);

    public static CheckResult Unavailable(BorrowerCheckUnavailableReason reason, string? detail = null) =>
        new(BorrowerCheckOutcome.Unavailable, reason, [], detail, [], null);

    /// <summary>The provider's message as kept: its first <see cref="BorrowerCheck.MaxDetailLength"/>
    /// characters.</summary>
    public string? StoredDetail =>
        Detail is { Length: > BorrowerCheck.MaxDetailLength } text ? text[..BorrowerCheck.MaxDetailLength] : Detail;

    /// <summary>An answer of the provider about the borrower, worth reusing: clear or hit.</summary>
    public bool IsAnswer => Outcome is BorrowerCheckOutcome.Clear or BorrowerCheckOutcome.Hit;
}

/// <summary>An entry of the sanctions list a borrower matched, and how alike the names are (0 to 1).</summary>
public sealed record SanctionsMatch(string FullName, DateOnly? BirthDate, double Score);

public enum BorrowerCheckKind
{
    /// <summary>ФНС: whether the person pays the professional income tax (НПД).</summary>
    SelfEmployed,

    /// <summary>ФССП: enforcement proceedings against the person.</summary>
    EnforcementProceedings,

    /// <summary>The sanctions and terrorism list.</summary>
    Sanctions,

    /// <summary>ФНС's ЕГРЮЛ/ЕГРИП: whether the company or the individual entrepreneur (ИП) is registered
    /// and active.</summary>
    CompanyRegistration,
}

public enum BorrowerCheckProvider
{
    FnsNpd,
    Fssp,
    SanctionsList,

    /// <summary>ЕГРЮЛ/ЕГРИП through a service speaking DaData's <c>findById/party</c>.</summary>
    Egrul,
}

public enum BorrowerCheckStatus
{
    Pending,
    Completed,
}

public enum BorrowerCheckOutcome
{
    Clear,
    Hit,
    NeedsInput,
    Unavailable,
}

public enum BorrowerCheckUnavailableReason
{
    Captcha,
    Timeout,
    ProviderError,
    RateLimited,
    NotConfigured,
}
