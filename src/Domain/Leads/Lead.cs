using System.Globalization;
using MakCrm.Domain.Common;

namespace MakCrm.Domain.Leads;

/// <summary>A client's request for a loan.</summary>
public sealed class Lead : AggregateRoot
{
    public const int MaxCommentLength = 2000;
    public const decimal MaxRequestedAmount = 1_000_000_000m;

    private static readonly Dictionary<string, string?> Nothing = LeadHistoryFields.All.ToDictionary(f => f, _ => (string?)null);

    private readonly List<LeadHistoryEntry> _history = [];

    private Lead()
    {
    }

    private Lead(Guid id, DateTimeOffset now)
        : base(id, now)
    {
    }

    public Guid ClientId { get; private set; }

    /// <summary>The organization that owns the lead and sees it.</summary>
    public Guid OrganizationId { get; private set; }

    public decimal RequestedAmount { get; private set; }

    public LoanProduct Product { get; private set; }

    public string? Comment { get; private set; }

    /// <summary>The code of a <see cref="LeadStatus"/>.</summary>
    public string Status { get; private set; } = LeadStatus.DefaultCode;

    public Guid? ResponsibleUserId { get; private set; }

    /// <summary>The open lead this one repeats (same phone or e-mail), set by duplicate control when the lead is created.</summary>
    public Guid? DuplicateOfLeadId { get; private set; }

    public LeadDetails Details => new(RequestedAmount, Product, Comment, Status, ResponsibleUserId);

    /// <summary>The history entries this lead wrote since it was loaded; they are saved with it.</summary>
    public IReadOnlyList<LeadHistoryEntry> History => _history;

    /// <summary>Creation may start in any status (a platform may hand over a lead that is already in work).</summary>
    public static Lead Create(Guid id, Guid clientId, Guid organizationId, LeadDetails details, LeadActor actor, DateTimeOffset now)
    {
        var lead = new Lead(id, now) { ClientId = clientId, OrganizationId = organizationId };
        var normalized = Normalize(details);
        lead.Record(Nothing, Tracked(normalized), actor, now);
        lead.Apply(normalized);
        return lead;
    }

    /// <summary>Links a lead that is being created to the open lead it repeats, with an entry in its history.</summary>
    public void MarkAsDuplicateOf(Guid originalLeadId, LeadActor actor, DateTimeOffset now)
    {
        DuplicateOfLeadId = originalLeadId;
        _history.Add(new LeadHistoryEntry(Id, now, actor, LeadHistoryFields.DuplicateOf, null, originalLeadId.ToString()));
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

    public void Delete(DateTimeOffset now) => MarkDeleted(now);

    /// <summary>
    /// An accepted return: the lead goes back to head office's pool in <paramref name="returnedStatus"/>, without a
    /// responsible manager, whatever its current status allows (an administrative move), each change in its history.
    /// </summary>
    public void ReturnToPool(Guid headOfficeId, string returnedStatus, LeadActor actor, DateTimeOffset now)
    {
        var returned = Details with { Status = returnedStatus, ResponsibleUserId = null };
        if (OrganizationId != headOfficeId)
        {
            _history.Add(new LeadHistoryEntry(Id, now, actor, LeadHistoryFields.OrganizationId, OrganizationId.ToString(), headOfficeId.ToString()));
            OrganizationId = headOfficeId;
        }

        Record(Tracked(Details), Tracked(returned), actor, now);
        Apply(returned);
        Touch(now);
    }

    /// <summary>A step of a return of this lead (requested, accepted, rejected) in its history; the lead itself does not change.</summary>
    public void RecordReturnStep(string field, string? value, LeadActor actor, DateTimeOffset now) =>
        _history.Add(new LeadHistoryEntry(Id, now, actor, field, null, value));

    private static LeadDetails Normalize(LeadDetails details) =>
        details with { Comment = TextNormalizer.TrimOrNull(details.Comment) };

    /// <summary>The tracked fields as history spells them (amounts invariant with two decimals, ids as UUIDs).</summary>
    private static Dictionary<string, string?> Tracked(LeadDetails details) => new()
    {
        [LeadHistoryFields.Status] = details.Status,
        [LeadHistoryFields.ResponsibleUserId] = details.ResponsibleUserId?.ToString(),
        [LeadHistoryFields.RequestedAmount] = details.RequestedAmount.ToString("0.00", CultureInfo.InvariantCulture),
        [LeadHistoryFields.Comment] = details.Comment,
    };

    private void Record(Dictionary<string, string?> before, Dictionary<string, string?> after, LeadActor actor, DateTimeOffset now)
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
        RequestedAmount = details.RequestedAmount;
        Product = details.Product;
        Comment = details.Comment;
        Status = details.Status;
        ResponsibleUserId = details.ResponsibleUserId;
    }
}

/// <summary>What a lead is made of, besides its client, as one value for creation and for merge patches.</summary>
public sealed record LeadDetails(
    decimal RequestedAmount,
    LoanProduct Product,
    string? Comment,
    string Status,
    Guid? ResponsibleUserId);
