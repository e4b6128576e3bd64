using MakCrm.Application.Abstractions.Messaging;
using MakCrm.Application.Abstractions.Security;
using MakCrm.Domain.Common;

namespace MakCrm.Application.Access;

public sealed record ListRolesQuery : IQuery<IReadOnlyList<RoleDto>>;

internal sealed class ListRolesHandler(IRoleAdministration roles) : IQueryHandler<ListRolesQuery, IReadOnlyList<RoleDto>>
{
    public async Task<Result<IReadOnlyList<RoleDto>>> Handle(ListRolesQuery query, CancellationToken cancellationToken) =>
        Result<IReadOnlyList<RoleDto>>.Success(await roles.ListAsync(cancellationToken));
}
