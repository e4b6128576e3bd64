using MakCrm.Domain.Common;

namespace MakCrm.Domain.Leads;

/// <summary>A client's request for a loan.</summary>
public sealed class Lead : AggregateRoot
{
    public const int MaxCommentLength = 2000;
    public const decimal MaxRequestedAmount = 1_000_000_000m;

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

    public LeadStatus Status { get; private set; }

    public Guid? ResponsibleUserId { get; private set; }

    public LeadDetails Details => new(RequestedAmount, Product, Comment, Status, ResponsibleUserId);

    public static Lead Create(Guid id, Guid clientId, Guid organizationId, LeadDetails details, DateTimeOffset now)
    {
        var lead = new Lead(id, now) { ClientId = clientId, OrganizationId = organizationId };
        lead.Apply(Normalize(details));
        return lead;
    }

    /// <summary>Applies the details; an update that changes nothing keeps the version.</summary>
    public void Update(LeadDetails details, DateTimeOffset now)
    {
        var normalized = Normalize(details);
        if (normalized == Details)
        {
            return;
        }

        Apply(normalized);
        Touch(now);
    }

    public void Delete(DateTimeOffset now) => MarkDeleted(now);

    private static LeadDetails Normalize(LeadDetails details) =>
        details with { Comment = TextNormalizer.TrimOrNull(details.Comment) };

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
    LeadStatus Status,
    Guid? ResponsibleUserId);
