using MakCrm.Application.Abstractions.Security;
using MakCrm.Application.Common;

namespace MakCrm.WebApi.Contracts;

/// <summary>A user a picker offers (schema <c>Assignee</c>).</summary>
public sealed record Assignee(Guid Id, string DisplayName, string Role, Guid OrganizationId)
{
    public static Assignee From(AssigneeCandidateDto dto) => new(dto.Id, dto.DisplayName, dto.Role, dto.OrganizationId);
}

public sealed record AssigneePage(IReadOnlyList<Assignee> Items, string? NextCursor)
{
    public static AssigneePage From(Page<AssigneeCandidateDto> page) => new(page.Items.Select(Assignee.From).ToList(), page.NextCursor);
}
