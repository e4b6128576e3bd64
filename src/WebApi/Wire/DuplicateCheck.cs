using MakCrm.Application.Leads;
using MakCrm.Contracts;
using MakCrm.Domain.Leads;

namespace MakCrm.WebApi.Wire;

/// <summary>How the API answers and reads these resources, where it does more than copy.</summary>
internal static class DuplicateCheckMappings
{
    /// <summary>The contacts to check (schema <c>DuplicateCheckRequest</c>): a phone, an e-mail or both.</summary>
    extension(DuplicateCheckRequest request)
    {
        public CheckDuplicatesQuery ToQuery() => new(request.Phone, request.Email);
    }

    /// <summary>Whether an open lead has the contacts (schema <c>DuplicateCheckResult</c>).</summary>
    extension(DuplicateCheckResult)
    {
        public static DuplicateCheckResult From(DuplicateCheckDto dto) => new(dto.Exists, dto.Leads, dto.Elsewhere);
    }
}
