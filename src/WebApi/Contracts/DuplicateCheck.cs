using MakCrm.Application.Leads;
using MakCrm.Domain.Leads;

namespace MakCrm.WebApi.Contracts;

/// <summary>The contacts to check (schema <c>DuplicateCheckRequest</c>): a phone, an e-mail or both.</summary>
public sealed partial record DuplicateCheckRequest
{
    public CheckDuplicatesQuery ToQuery() => new(Phone, Email);
}

/// <summary>Whether an open lead has the contacts (schema <c>DuplicateCheckResult</c>).</summary>
public sealed partial record DuplicateCheckResult
{
    public static DuplicateCheckResult From(DuplicateCheckDto dto) =>
        new(dto.Exists, dto.Leads, dto.Elsewhere);
}

