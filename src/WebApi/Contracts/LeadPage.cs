using MakCrm.Application.Common;
using MakCrm.Application.Leads;

namespace MakCrm.WebApi.Contracts;

public sealed partial record LeadPage
{
    public static LeadPage From(Page<LeadDto> page) => new(page.Items.Select(Lead.From).ToList(), page.NextCursor);
}
