using MakCrm.Application.Common;
using MakCrm.Application.Leads;

namespace MakCrm.WebApi.Contracts;

public sealed record LeadPage(IReadOnlyList<Lead> Items, string? NextCursor)
{
    public static LeadPage From(Page<LeadDto> page) => new(page.Items.Select(Lead.From).ToList(), page.NextCursor);
}
