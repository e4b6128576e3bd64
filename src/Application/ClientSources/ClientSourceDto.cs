using MakCrm.Domain.Clients;

namespace MakCrm.Application.ClientSources;

public sealed record ClientSourceDto(
    Guid Id,
    string Code,
    string Name,
    int Position,
    bool Active,
    DuplicatePolicy DuplicatePolicy,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    int Version
) : Contracts.IVersioned
{
    public static ClientSourceDto From(ClientSource source) =>
        new(
            source.Id,
            source.Code,
            source.Name,
            source.Position,
            source.Active,
            source.DuplicatePolicy,
            source.CreatedAt,
            source.UpdatedAt,
            source.Version
        );
}
