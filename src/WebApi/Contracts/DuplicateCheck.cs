using MakCrm.Application.Leads;
using MakCrm.Domain.Leads;

namespace MakCrm.WebApi.Contracts;

/// <summary>The contacts to check (schema <c>DuplicateCheckRequest</c>): a phone, an e-mail or both.</summary>
public sealed record DuplicateCheckRequest
{
    public string? Phone { get; init; }

    public string? Email { get; init; }

    public CheckDuplicatesQuery ToQuery() => new(Phone, Email);
}

/// <summary>Whether an open lead has the contacts (schema <c>DuplicateCheckResult</c>).</summary>
public sealed record DuplicateCheckResult(bool Exists, IReadOnlyList<DuplicateCheckLead> Leads, bool Elsewhere)
{
    public static DuplicateCheckResult From(DuplicateCheckDto dto) =>
        new(dto.Exists, dto.Leads.Select(l => new DuplicateCheckLead(l.Id, l.Status, l.CreatedAt, l.MatchedBy)).ToList(), dto.Elsewhere);
}

/// <summary>An open lead of the caller's with the contacts (schema <c>DuplicateCheckLead</c>).</summary>
public sealed record DuplicateCheckLead(Guid Id, string Status, DateTimeOffset CreatedAt, IReadOnlyList<DuplicateMatchField> MatchedBy);
