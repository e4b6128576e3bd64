using MakCrm.Application.Abstractions.Security;
using MakCrm.Application.Common;

namespace MakCrm.WebApi.Contracts;

/// <summary>A user a picker offers (schema <c>Assignee</c>).</summary>
public sealed partial record Assignee
{
    public static Assignee From(AssigneeCandidateDto dto) => new(dto.Id, dto.DisplayName, dto.Role, dto.OrganizationId);
}

public sealed partial record AssigneePage
{
    public static AssigneePage From(Page<AssigneeCandidateDto> page) => new(page.Items.Select(Assignee.From).ToList(), page.NextCursor);
}
