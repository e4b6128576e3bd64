using MakCrm.Application.Clients;

namespace MakCrm.WebApi.Contracts;

/// <summary>The client of a lead or a deal, as its rows show it (schema <c>ClientSummary</c>).</summary>
public sealed partial record ClientSummary
{
    public static ClientSummary? From(ClientSummaryDto? dto) => dto is null ? null : new(dto.Id, dto.Name, dto.Phone);
}
