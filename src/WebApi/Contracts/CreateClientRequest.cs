using MakCrm.Application.Clients;
using MakCrm.Domain.Clients;

namespace MakCrm.WebApi.Contracts;

public sealed record CreateClientRequest
{
    public required string FullName { get; init; }

    public required string Phone { get; init; }

    public string? Email { get; init; }

    public string? City { get; init; }

    public required ClientSource Source { get; init; }

    public CreateClientCommand ToCommand() => new(FullName, Phone, Email, City, Source);
}
