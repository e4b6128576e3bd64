using MakCrm.Application.Abstractions.Security;
using MakCrm.Domain.Common;
using MakCrm.Domain.Organizations;
using MakCrm.Infrastructure.Persistence;
using Microsoft.AspNetCore.Identity;

namespace MakCrm.Infrastructure.Identity;

/// <summary>Passwords through Identity's user manager: its validators are the policy, its hasher stores them.</summary>
internal sealed class Passwords(UserManager<MakUser> users, MakCrmDbContext db) : IPasswords
{
    private static readonly MakUser DecoyUser = new();

    public async Task<AccountHolder?> FindActiveByEmailAsync(string email, CancellationToken cancellationToken)
    {
        var normalized = users.NormalizeEmail(email);
        return await db
            .Users.AsNoTracking()
            .Where(u => u.NormalizedEmail == normalized && !u.IsDisabled)
            .Where(u =>
                db.Set<Organization>().Any(o => o.Id == u.OrganizationId && o.Status == OrganizationStatus.Active)
            )
            .Select(u => new AccountHolder(u.Id, u.Email!, u.FullName, u.OrganizationId))
            .FirstOrDefaultAsync(cancellationToken);
    }

    public Task<AccountHolder?> FindAsync(Guid userId, CancellationToken cancellationToken) =>
        db
            .Users.AsNoTracking()
            .Where(u => u.Id == userId)
            .Select(u => new AccountHolder(u.Id, u.Email!, u.FullName, u.OrganizationId))
            .FirstOrDefaultAsync(cancellationToken);

    public async Task<Result<Unit>> CheckPolicyAsync(
        string email,
        string password,
        string field,
        CancellationToken cancellationToken
    ) => await PasswordPolicy.CheckAsync(users, new MakUser { UserName = email, Email = email }, password, field);

    public async Task<bool> VerifyAsync(Guid userId, string password, CancellationToken cancellationToken)
    {
        var user = await users.FindByIdAsync(userId.ToString());
        return user is not null && await users.CheckPasswordAsync(user, password);
    }

    public async Task<Result<Unit>> SetAsync(
        Guid userId,
        string password,
        string field,
        CancellationToken cancellationToken
    )
    {
        var user =
            await users.FindByIdAsync(userId.ToString()) ?? throw new InvalidOperationException($"No user {userId}.");
        var policy = await PasswordPolicy.CheckAsync(users, user, password, field);
        if (!policy.IsSuccess)
        {
            return policy;
        }

        // The hash and a new security stamp in one save of the user (Identity's RemovePassword + AddPassword would be
        // two).
        user.PasswordHash = users.PasswordHasher.HashPassword(user, password);
        user.SecurityStamp = Guid.NewGuid().ToString("N");
        var updated = await users.UpdateAsync(user);
        return updated.Succeeded
            ? Unit.Value
            : throw new InvalidOperationException(
                $"The password could not be stored: {string.Join(" ", updated.Errors.Select(e => e.Description))}"
            );
    }

    public void SpendHashingTime(string password) => users.PasswordHasher.HashPassword(DecoyUser, password);
}

/// <summary>The password policy: Identity's password validators, every failed rule named on the field.</summary>
internal static class PasswordPolicy
{
    public static async Task<Result<Unit>> CheckAsync(
        UserManager<MakUser> users,
        MakUser user,
        string password,
        string field
    )
    {
        var problems = new List<string>();
        foreach (var validator in users.PasswordValidators)
        {
            var check = await validator.ValidateAsync(users, user, password);
            problems.AddRange(check.Errors.Select(e => e.Description));
        }

        return problems.Count > 0
            ? Error.Validation(new Dictionary<string, string[]> { [field] = [.. problems] })
            : Unit.Value;
    }
}
