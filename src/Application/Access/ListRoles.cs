namespace MakCrm.Application.Access;

public sealed record ListRolesQuery : IQuery<IReadOnlyList<Contracts.Role>>;

internal sealed class ListRolesHandler(IRoleAdministration roles)
    : IQueryHandler<ListRolesQuery, IReadOnlyList<Contracts.Role>>
{
    public async Task<Result<IReadOnlyList<Contracts.Role>>> Handle(
        ListRolesQuery query,
        CancellationToken cancellationToken
    ) => Result<IReadOnlyList<Contracts.Role>>.Success(await roles.ListAsync(cancellationToken));
}
