using MakCrm.Domain.Access;
using MakCrm.Domain.Organizations;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Logging;

namespace MakCrm.Infrastructure.Identity;

/// <summary>
/// Creates the first admin of a new installation from configuration (<c>Mak:Bootstrap:AdminEmail</c> and
/// <c>AdminPassword</c>) when no user has that e-mail yet. Without it there would be nobody to sign in as.
/// </summary>
[Scoped]
public sealed partial class BootstrapAdmin(
    UserManager<MakUser> users,
    TimeProvider clock,
    ILogger<BootstrapAdmin> logger
)
{
    public async Task EnsureAsync(string email, string password)
    {
        if (await users.FindByEmailAsync(email) is not null)
        {
            return;
        }

        var admin = new MakUser
        {
            Id = Guid.CreateVersion7(),
            UserName = email,
            Email = email,
            EmailConfirmed = true,
            FullName = "Administrator",
            OrganizationId = Organization.HeadOfficeId,
            CreatedAt = clock.GetUtcNow(),
        };
        var created = await users.CreateAsync(admin, password);
        if (!created.Succeeded)
        {
            throw new InvalidOperationException(
                $"The bootstrap admin could not be created: "
                    + $"{string.Join(" ", created.Errors.Select(e => e.Description))}"
            );
        }

        await users.AddToRoleAsync(admin, Roles.Admin);
        Created(logger, email);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Created the bootstrap admin {Email}")]
    private static partial void Created(ILogger logger, string email);
}
