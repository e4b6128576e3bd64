using MakCrm.Domain.Access;

namespace MakCrm.Application.Access;

public sealed record ListApiClientsQuery : IQuery<IReadOnlyList<Contracts.ApiClient>>;

public sealed record RegisterApiClientCommand(string Name, Guid OrganizationId, IReadOnlyList<string> Scopes)
    : ICommand<ApiClientWithSecret>;

public sealed record SetApiClientEnabledCommand(string ClientId, bool Enabled) : ICommand<Contracts.ApiClient>;

public sealed record RotateApiClientSecretCommand(string ClientId) : ICommand<ApiClientWithSecret>;

/// <summary>
/// The scopes an API client may hold: the business permissions, never the management ones, and not notifications,
/// which belong to users; and the client-only scopes (<see cref="Permissions.ClientOnly"/>).
/// </summary>
public static class ApiClientScopes
{
    public static IReadOnlyList<string> Allowed { get; } =
    [
        .. Permissions.All.Except([
            Permissions.RolesManage,
            Permissions.ApiClientsManage,
            Permissions.AuditRead,
            Permissions.OrganizationsManage,
            Permissions.UsersManage,
            Permissions.UsersManageOwn,
            Permissions.OrganizationsEditOwn,
            Permissions.LeadStatusesManage,
            Permissions.ClientSourcesManage,
            Permissions.IntegrationsManage,
            Permissions.PersonalDataReadsRead,
        ]),
        .. Permissions.ClientOnly,
    ];
}

internal sealed class RegisterApiClientValidator : AbstractValidator<RegisterApiClientCommand>
{
    public RegisterApiClientValidator()
    {
        RuleFor(c => c.Name).RequiredText(200);
        RuleFor(c => c.OrganizationId).NotEmpty().WithMessage("Must be an organization's id.");
        RuleFor(c => c.Scopes).NotEmpty().WithMessage("Must name at least one scope.");
        RuleForEach(c => c.Scopes)
            .Must(s => ApiClientScopes.Allowed.Contains(s))
            .WithMessage($"Must be one of: {string.Join(", ", ApiClientScopes.Allowed)}.");
    }
}

internal sealed class ListApiClientsHandler(IApiClientAdministration clients)
    : IQueryHandler<ListApiClientsQuery, IReadOnlyList<Contracts.ApiClient>>
{
    public async Task<Result<IReadOnlyList<Contracts.ApiClient>>> Handle(
        ListApiClientsQuery query,
        CancellationToken cancellationToken
    ) => Result<IReadOnlyList<Contracts.ApiClient>>.Success(await clients.ListAsync(cancellationToken));
}

/// <summary>Registers a client of an active organization with scopes its organization's role has.</summary>
internal sealed class RegisterApiClientHandler(IApiClientAdministration clients)
    : ICommandHandler<RegisterApiClientCommand, ApiClientWithSecret>
{
    public async Task<Result<ApiClientWithSecret>> Handle(
        RegisterApiClientCommand command,
        CancellationToken cancellationToken
    )
    {
        if (await clients.RoleOfOrganizationAsync(command.OrganizationId, cancellationToken) is not { } organization)
        {
            return Error.Validation("organizationId", "No active organization has this id.");
        }

        var scopes = command.Scopes.Distinct(StringComparer.Ordinal).ToList();
        // Client-only scopes (the bot's) belong to no role: the organization's role does not limit them.
        if (
            scopes.Where(s => !organization.Permissions.Contains(s) && !Permissions.ClientOnly.Contains(s)).ToList() is
            { Count: > 0 } refused
        )
        {
            return Error.Validation(
                "scopes",
                $"The organization's role ({organization.Role}) does not have {string.Join(", ", refused)}; a client "
                    + $"of the organization may do no more than its role."
            );
        }

        return clients.Register(command.Name, command.OrganizationId, scopes);
    }
}

internal sealed class SetApiClientEnabledHandler(IApiClientAdministration clients)
    : ICommandHandler<SetApiClientEnabledCommand, Contracts.ApiClient>
{
    public async Task<Result<Contracts.ApiClient>> Handle(
        SetApiClientEnabledCommand command,
        CancellationToken cancellationToken
    ) =>
        await clients.SetEnabledAsync(command.ClientId, command.Enabled, cancellationToken) is { } client
            ? client
            : new Error(ErrorCodes.NotFound, $"There is no API client '{command.ClientId}'.", ErrorKind.NotFound);
}

internal sealed class RotateApiClientSecretHandler(IApiClientAdministration clients)
    : ICommandHandler<RotateApiClientSecretCommand, ApiClientWithSecret>
{
    public async Task<Result<ApiClientWithSecret>> Handle(
        RotateApiClientSecretCommand command,
        CancellationToken cancellationToken
    ) =>
        await clients.RotateSecretAsync(command.ClientId, cancellationToken) is { } client
            ? client
            : new Error(ErrorCodes.NotFound, $"There is no API client '{command.ClientId}'.", ErrorKind.NotFound);
}
