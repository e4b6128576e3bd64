namespace MakCrm.Contracts;

/// <summary>
/// The shape of every error response (schema <c>Problem</c>), for the OpenAPI description. Problems are written by
/// the HTTP layer (<c>Problems</c>) as ProblemDetails with these extension members.
/// </summary>
public sealed class Problem
{
    public required string Type { get; init; }

    public required string Title { get; init; }

    public required int Status { get; init; }

    public string? Detail { get; init; }

    public string? Instance { get; init; }

    public required string Code { get; init; }

    public required string TraceId { get; init; }

    public IReadOnlyDictionary<string, string[]>? Errors { get; init; }

    /// <summary>For <c>lead_status_transition_not_allowed</c>: the lead's status.</summary>
    public string? CurrentStatus { get; init; }

    /// <summary>For <c>lead_status_transition_not_allowed</c>: the status asked for.</summary>
    public string? RequestedStatus { get; init; }

    /// <summary>For <c>lead_status_transition_not_allowed</c>: the statuses the lead may move to.</summary>
    public IReadOnlyList<string>? AllowedStatuses { get; init; }

    /// <summary>For <c>duplicate_lead</c>: the open lead the refused one would have repeated.</summary>
    public Guid? ExistingLeadId { get; init; }

    /// <summary>For <c>external_ref_taken</c>: the lead or client that has the reference.</summary>
    public Guid? ExistingId { get; init; }

    /// <summary>For <c>duplicate_lead</c>: the contacts that matched.</summary>
    public IReadOnlyList<Domain.Leads.DuplicateMatchField>? MatchedBy { get; init; }

    /// <summary>For <c>bid_too_low</c>: the smallest acceptable bid.</summary>
    public decimal? MinimumBid { get; init; }

    /// <summary>For <c>insufficient_balance</c>: the franchisee's available balance (what bids and charges may still
    /// take).</summary>
    public decimal? AvailableBalance { get; init; }

    /// <summary>For <c>payment_exceeds_amount_due</c>: what the invoice still has due.</summary>
    public decimal? AmountDue { get; init; }

    /// <summary>For <c>invoice_state</c>: the invoice's status.</summary>
    public string? InvoiceStatus { get; init; }

    /// <summary>For <c>organization_not_empty</c>: how many business records of each kind are left.</summary>
    public IReadOnlyDictionary<string, int>? Remaining { get; init; }

    /// <summary>For <c>consent_required</c>: the purpose the client has no live consent for.</summary>
    public Domain.Consents.ConsentPurpose? Purpose { get; init; }
}
