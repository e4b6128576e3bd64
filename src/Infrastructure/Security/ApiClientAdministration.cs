using System.Buffers.Text;
using System.Security.Cryptography;
using MakCrm.Application.Abstractions.Security;
using MakCrm.Application.Access;
using MakCrm.Application.Common;
using MakCrm.Domain.Access;
using MakCrm.Domain.Organizations;
using MakCrm.Infrastructure.Auditing;
using MakCrm.Infrastructure.Identity;
using MakCrm.Infrastructure.Persistence;

namespace MakCrm.Infrastructure.Security;

internal sealed class ApiClientAdministration(
    MakCrmDbContext db,
    PermissionMatrix matrix,
    AuditTrail audit,
    TimeProvider clock
) : IApiClientAdministration
{
    public async Task<IReadOnlyList<Contracts.ApiClient>> ListAsync(CancellationToken cancellationToken) =>
        (
            await db.Set<ApiClient>()
                .AsNoTracking()
                .Where(c => c.IsConfidential)
                .OrderBy(c => c.CreatedAt)
                .ToListAsync(cancellationToken)
        )
            .Select(ToDto)
            .ToList();

    public async Task<OrganizationRole?> RoleOfOrganizationAsync(
        Guid organizationId,
        CancellationToken cancellationToken
    )
    {
        if (
            await db.Set<Organization>()
                .Where(o => o.Id == organizationId && o.Status == OrganizationStatus.Active)
                .Select(o => (OrganizationKind?)o.Kind)
                .FirstOrDefaultAsync(cancellationToken)
            is not { } kind
        )
        {
            return null;
        }

        var role = Roles.OfOrganization(kind);
        return new OrganizationRole(role, await matrix.ForRolesAsync([role], cancellationToken));
    }

    public ApiClientWithSecret Register(string name, Guid organizationId, IReadOnlyList<string> scopes)
    {
        var secret = NewSecret();
        var client = new ApiClient
        {
            ClientId = "mak_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(10)),
            Name = name.Trim(),
            IsConfidential = true,
            SecretHash = SecretHash.Of(secret),
            OrganizationId = organizationId,
            Scopes = [.. scopes],
            IsEnabled = true,
            CreatedAt = clock.UtcNowMicroseconds(),
        };
        db.Set<ApiClient>().Add(client);
        audit.Add(
            audit.Security(
                "api_client.registered",
                null,
                new
                {
                    client_id = client.ClientId,
                    organization_id = organizationId,
                    scopes,
                }
            )
        );
        return new ApiClientWithSecret(ToDto(client), secret);
    }

    public async Task<Contracts.ApiClient?> SetEnabledAsync(
        string clientId,
        bool enabled,
        CancellationToken cancellationToken
    )
    {
        var client = await db.Set<ApiClient>()
            .FirstOrDefaultAsync(c => c.ClientId == clientId && c.IsConfidential, cancellationToken);
        if (client is null)
        {
            return null;
        }

        if (client.IsEnabled != enabled)
        {
            client.IsEnabled = enabled;
            audit.Add(
                audit.Security(
                    enabled ? "api_client.enabled" : "api_client.disabled",
                    null,
                    new { client_id = clientId }
                )
            );
        }

        return ToDto(client);
    }

    public async Task<ApiClientWithSecret?> RotateSecretAsync(string clientId, CancellationToken cancellationToken)
    {
        var client = await db.Set<ApiClient>()
            .FirstOrDefaultAsync(c => c.ClientId == clientId && c.IsConfidential, cancellationToken);
        if (client is null)
        {
            return null;
        }

        var secret = NewSecret();
        client.SecretHash = SecretHash.Of(secret);
        audit.Add(audit.Security("api_client.secret_rotated", null, new { client_id = clientId }));
        return new ApiClientWithSecret(ToDto(client), secret);
    }

    private static string NewSecret() => Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));

    private static Contracts.ApiClient ToDto(ApiClient c) =>
        new(c.ClientId, c.Name, c.OrganizationId!.Value, c.Scopes, c.IsEnabled, c.CreatedAt);
}
