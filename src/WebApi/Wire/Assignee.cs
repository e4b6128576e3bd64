using MakCrm.Application.Abstractions.Security;
using MakCrm.Contracts;

namespace MakCrm.WebApi.Wire;

/// <summary>How the API answers and reads these resources, where it does more than copy.</summary>
internal static class AssigneeMappings
{
    /// <summary>A user a picker offers (schema <c>Assignee</c>).</summary>
    extension(Assignee)
    {
        public static Assignee From(AssigneeCandidateDto dto) =>
            new(dto.Id, dto.DisplayName, dto.Role, dto.OrganizationId);
    }
}
