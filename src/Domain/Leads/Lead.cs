using System.Globalization;
using MakCrm.Domain.Organizations;

namespace MakCrm.Domain.Leads;

/// <summary>A client's request for a loan.</summary>
public sealed class Lead : AggregateRoot, IOrganizationOwned
{
    public const int MaxCommentLength = 2000;
    public const decimal MaxRequestedAmount = 1_000_000_000m;

    private static readonly Dictionary<string, string?> Nothing = LeadHistoryFields.All.ToDictionary(
        f => f,
        _ => (string?)null
    );

    private readonly List<LeadHistoryEntry> _history = [];

    private Lead() { }

    private Lead(Guid id, DateTimeOffset now)
        : base(id, now) { }

    public Guid ClientId { get; private set; }

    /// <summary>The organization that owns the lead and sees it.</summary>
    public Guid OrganizationId { get; private set; }

    public static PurgeRule Purge => PurgeRule.Blocks;

    /// <summary>Roubles; <c>null</c> when the submission did not say (a form that asks only for a name and a
    /// phone).</summary>
    public decimal? RequestedAmount { get; private set; }

    /// <summary><c>null</c> when the submission did not say.</summary>
    public LoanProduct? Product { get; private set; }

    public string? Comment { get; private set; }

    /// <summary>The code of a <see cref="LeadStatus"/>.</summary>
    public string Status { get; private set; } = LeadStatus.DefaultCode;

    public Guid? ResponsibleUserId { get; private set; }

    /// <summary>The open lead this one repeats (same phone or e-mail), set by duplicate control when the lead is
    /// created.</summary>
    public Guid? DuplicateOfLeadId { get; private set; }

    /// <summary>The integrator's reference, attribution and metadata (see <see cref="IntegrationData"/>).</summary>
    public string? ExternalRef { get; private set; }

    /// <summary>Who set <see cref="ExternalRef"/>: the reference is unique per organization and owner.</summary>
    public string? ExternalRefOwner { get; private set; }

    public Attribution? Attribution { get; private set; }

    public IReadOnlyDictionary<string, string> Metadata { get; private set; } = IntegrationMetadata.Empty;

    /// <summary>The values of its custom fields: a JSON object under the definitions' keys, each in its type's form
    /// (see <see cref="Domain.CustomFields.CustomFieldDefinition"/>); <c>{}</c> when it has none.</summary>
    public string CustomFields { get; private set; } = "{}";

    /// <summary>Replaces the custom fields' values, checked against the definitions; the version moves once per
    /// request.</summary>
    public void SetCustomFields(string values, DateTimeOffset now)
    {
        CustomFields = values;
        if (UpdatedAt != now)
        {
            Touch(now);
        }
    }

    /// <summary>The consent the client gave on the form the lead came from, if the submission carried one.</summary>
    public DateTimeOffset? ConsentGivenAt { get; private set; }

    public string? ConsentTextVersion { get; private set; }

    public LeadConsent? Consent => ConsentGivenAt is { } givenAt ? new LeadConsent(givenAt, ConsentTextVersion!) : null;

    public IntegrationData Integration =>
        new(ExternalRef is null ? null : new ExternalReference(ExternalRefOwner!, ExternalRef), Attribution, Metadata);

    public LeadDetails Details => new(RequestedAmount, Product, Comment, Status, ResponsibleUserId);

    /// <summary>The history entries this lead wrote since it was loaded; they are saved with it.</summary>
    public IReadOnlyList<LeadHistoryEntry> History => _history;

    /// <summary>Creation may start in any status (a platform may hand over a lead that is already in work).</summary>
    public static Lead Create(
        Guid id,
        Guid clientId,
        Guid organizationId,
        LeadDetails details,
        LeadActor actor,
        DateTimeOffset now,
        IntegrationData? integration = null,
        LeadConsent? consent = null
    )
    {
        var data = integration ?? IntegrationData.None;
        var lead = new Lead(id, now)
        {
            ClientId = clientId,
            OrganizationId = organizationId,
            ExternalRef = data.ExternalRef?.Value,
            ExternalRefOwner = data.ExternalRef?.Owner,
            Attribution = data.Attribution?.Normalized(),
            Metadata = data.Metadata,
            ConsentGivenAt = consent?.GivenAt,
            ConsentTextVersion = consent?.TextVersion.Trim(),
        };
        var normalized = Normalize(details);
        lead.Record(Nothing, Tracked(normalized), actor, now);
        lead.Apply(normalized);
        return lead;
    }

    /// <summary>Links a lead that is being created to the open lead it repeats, with an entry in its history.</summary>
    public void MarkAsDuplicateOf(Guid originalLeadId, LeadActor actor, DateTimeOffset now)
    {
        DuplicateOfLeadId = originalLeadId;
        _history.Add(
            new LeadHistoryEntry(Id, now, actor, LeadHistoryFields.DuplicateOf, null, originalLeadId.ToString())
        );
    }

    /// <summary>
    /// Applies the details; a status change must be one that <paramref name="currentStatus"/> allows. An update that
    /// changes nothing keeps the version; every tracked field that changes gets a history entry.
    /// </summary>
    public Result<Unit> Update(LeadDetails details, LeadStatus currentStatus, LeadActor actor, DateTimeOffset now)
    {
        var normalized = Normalize(details);
        if (normalized == Details)
        {
            return Unit.Value;
        }

        var allowed = Check(new StatusChangeMustBeAllowed(currentStatus, normalized.Status));
        if (!allowed.IsSuccess)
        {
            return allowed;
        }

        Record(Tracked(Details), Tracked(normalized), actor, now);
        Apply(normalized);
        Touch(now);
        return Unit.Value;
    }

    /// <summary>Replaces the attribution and the metadata; the version moves once per request, and only if something
    /// changed.</summary>
    public void Retag(Attribution? attribution, IReadOnlyDictionary<string, string> metadata, DateTimeOffset now)
    {
        if (IntegrationData.Retagged(Attribution, Metadata, attribution, metadata) is not { } changed)
        {
            return;
        }

        (Attribution, Metadata) = changed;
        if (UpdatedAt != now)
        {
            Touch(now);
        }
    }

    public void Delete(DateTimeOffset now) => MarkDeleted(now);

    /// <summary>
    /// Writes an event of the auction or of a return (see <see cref="LeadHistoryFields"/>) into the lead's history.
    /// The version moves too, so that two requests acting on the lead at once cannot both succeed.
    /// </summary>
    public void RecordEvent(string field, string? from, string? to, LeadActor actor, DateTimeOffset now)
    {
        _history.Add(new LeadHistoryEntry(Id, now, actor, field, from, to));
        Touch(now);
    }

    /// <summary>
    /// A move made by the auction (a lot closing, redistribution) or an accepted return: the lead goes to an
    /// organization, with that organization's own client, into a status, without a responsible manager. These rules
    /// decide such moves, not the status graph, which governs the moves people make; each change is in the history.
    /// </summary>
    public void HandOver(string status, Guid organizationId, Guid clientId, LeadActor actor, DateTimeOffset now)
    {
        var before = Tracked(Details);
        var after = Tracked(Details with { Status = status, ResponsibleUserId = null });
        Record(before, after, actor, now);
        if (OrganizationId != organizationId)
        {
            _history.Add(
                new LeadHistoryEntry(
                    Id,
                    now,
                    actor,
                    LeadHistoryFields.OrganizationId,
                    OrganizationId.ToString(),
                    organizationId.ToString()
                )
            );
        }

        Status = status;
        ResponsibleUserId = null;
        OrganizationId = organizationId;
        ClientId = clientId;
        Touch(now);
    }

    private static LeadDetails Normalize(LeadDetails details) =>
        details with
        {
            Comment = TextNormalizer.TrimOrNull(details.Comment),
        };

    /// <summary>The tracked fields as history spells them (amounts invariant with two decimals, ids as
    /// UUIDs).</summary>
    private static Dictionary<string, string?> Tracked(LeadDetails details) =>
        new()
        {
            [LeadHistoryFields.Status] = details.Status,
            [LeadHistoryFields.ResponsibleUserId] = details.ResponsibleUserId?.ToString(),
            [LeadHistoryFields.RequestedAmount] = details.RequestedAmount?.ToString(
                "0.00",
                CultureInfo.InvariantCulture
            ),
            [LeadHistoryFields.Comment] = details.Comment,
        };

    private void Record(
        Dictionary<string, string?> before,
        Dictionary<string, string?> after,
        LeadActor actor,
        DateTimeOffset now
    )
    {
        foreach (var field in LeadHistoryFields.All)
        {
            if (before[field] != after[field])
            {
                _history.Add(new LeadHistoryEntry(Id, now, actor, field, before[field], after[field]));
            }
        }
    }

    private void Apply(LeadDetails details)
    {
        RequestedAmount = Money.ToKopecks(details.RequestedAmount);
        Product = details.Product;
        Comment = details.Comment;
        Status = details.Status;
        ResponsibleUserId = details.ResponsibleUserId;
    }
}

/// <summary>What a lead is made of, besides its client, as one value for creation and for merge patches.</summary>
public sealed record LeadDetails(
    decimal? RequestedAmount,
    LoanProduct? Product,
    string? Comment,
    string Status,
    Guid? ResponsibleUserId
);

/// <summary>The consent to the processing of personal data that the form a lead came from recorded.</summary>
public sealed record LeadConsent(DateTimeOffset GivenAt, string TextVersion);
