using MakCrm.Application.Abstractions.Security;
using MakCrm.Domain.Common;
using Microsoft.AspNetCore.Identity;

namespace MakCrm.Infrastructure.Identity;

internal sealed class AccountRegistry(UserManager<MakUser> users, TimeProvider clock) : IAccountRegistry
{
    public async Task<bool> EmailTakenAsync(string email, CancellationToken cancellationToken) =>
        await users.FindByEmailAsync(email) is not null;

    public async Task<Result<Guid>> CreateAsync(
        string email,
        string password,
        string fullName,
        Guid organizationId,
        string role,
        CancellationToken cancellationToken
    )
    {
        var user = new MakUser
        {
            Id = Guid.CreateVersion7(clock.GetUtcNow()),
            UserName = email,
            Email = email,
            FullName = fullName,
            OrganizationId = organizationId,
            CreatedAt = clock.GetUtcNow(),
        };

        // Passwords are checked first, so that a refused one writes nothing.
        var policy = await PasswordPolicy.CheckAsync(users, user, password, "password");
        if (!policy.IsSuccess)
        {
            return policy.Error!;
        }

        var created = await users.CreateAsync(user, password);
        var added = created.Succeeded ? await users.AddToRoleAsync(user, role) : created;
        return added.Succeeded
            ? user.Id
            : throw new InvalidOperationException(
                $"The account could not be created: {string.Join(" ", added.Errors.Select(e => e.Description))}"
            );
    }
}
