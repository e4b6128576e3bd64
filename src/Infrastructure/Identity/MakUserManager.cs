using MakCrm.Infrastructure.Persistence;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace MakCrm.Infrastructure.Identity;

/// <summary>
/// Identity's user manager, except that the count of failed sign-ins and the lockout change with one conditional
/// UPDATE each rather than by Identity's read, change and save of the whole user. Under Identity's way, requests of
/// one user arriving together overwrote each other's counts (parallel guesses escaped the lockout) and lost the race
/// on the user's concurrency stamp, leaving a changed user in the request's context that failed its next save (a 500).
/// </summary>
public sealed class MakUserManager(
    IUserStore<MakUser> store,
    IOptions<IdentityOptions> optionsAccessor,
    IPasswordHasher<MakUser> passwordHasher,
    IEnumerable<IUserValidator<MakUser>> userValidators,
    IEnumerable<IPasswordValidator<MakUser>> passwordValidators,
    ILookupNormalizer keyNormalizer,
    IdentityErrorDescriber errors,
    IServiceProvider services,
    ILogger<UserManager<MakUser>> logger,
    MakCrmDbContext db,
    TimeProvider clock
)
    : UserManager<MakUser>(
        store,
        optionsAccessor,
        passwordHasher,
        userValidators,
        passwordValidators,
        keyNormalizer,
        errors,
        services,
        logger
    )
{
    /// <summary>Counts a failure; the one that reaches the limit locks the account and starts the count
    /// again.</summary>
    public override async Task<IdentityResult> AccessFailedAsync(MakUser user)
    {
        var limit = Options.Lockout.MaxFailedAccessAttempts;
        var until = clock.GetUtcNow() + Options.Lockout.DefaultLockoutTimeSpan;
        await db
            .Users.Where(u => u.Id == user.Id && u.LockoutEnabled)
            .ExecuteUpdateAsync(
                s =>
                    s.SetProperty(
                            u => u.AccessFailedCount,
                            u => u.AccessFailedCount + 1 >= limit ? 0 : u.AccessFailedCount + 1
                        )
                        .SetProperty(u => u.LockoutEnd, u => u.AccessFailedCount + 1 >= limit ? until : u.LockoutEnd),
                CancellationToken
            );
        await RefreshLockoutAsync(user);
        return IdentityResult.Success;
    }

    public override async Task<IdentityResult> ResetAccessFailedCountAsync(MakUser user)
    {
        await db
            .Users.Where(u => u.Id == user.Id && u.AccessFailedCount != 0)
            .ExecuteUpdateAsync(s => s.SetProperty(u => u.AccessFailedCount, 0), CancellationToken);

        // The count is 0 now whatever it was, so there is nothing to read back (every successful sign-in comes here).
        user.AccessFailedCount = 0;
        if (db.Entry(user) is { State: not EntityState.Detached } entry)
        {
            entry.Property(u => u.AccessFailedCount).OriginalValue = 0;
        }

        return IdentityResult.Success;
    }

    /// <summary>
    /// Identity's redemption saves the whole user under its concurrency stamp; when another request changed the user
    /// first (the same code redeemed twice at once), it fails. The user is then read again, so that the request's next
    /// save does not try the stale change once more.
    /// </summary>
    public override async Task<IdentityResult> RedeemTwoFactorRecoveryCodeAsync(MakUser user, string code)
    {
        var result = await base.RedeemTwoFactorRecoveryCodeAsync(user, code);
        if (!result.Succeeded)
        {
            foreach (
                var entry in db
                    .ChangeTracker.Entries<IdentityUserToken<Guid>>()
                    .Where(e => e.Entity.UserId == user.Id)
                    .ToList()
            )
            {
                entry.State = EntityState.Detached;
            }

            await db.Entry(user).ReloadAsync(CancellationToken);
        }

        return result;
    }

    /// <summary>The user object says what the database now says about failures and lockout (IsLockedOutAsync reads
    /// it).</summary>
    private async Task RefreshLockoutAsync(MakUser user)
    {
        var now = await db
            .Users.AsNoTracking()
            .Where(u => u.Id == user.Id)
            .Select(u => new { u.AccessFailedCount, u.LockoutEnd })
            .FirstOrDefaultAsync(CancellationToken);
        if (now is null)
        {
            return;
        }

        user.AccessFailedCount = now.AccessFailedCount;
        user.LockoutEnd = now.LockoutEnd;
        if (db.Entry(user) is { State: not EntityState.Detached } entry)
        {
            entry.Property(u => u.AccessFailedCount).OriginalValue = now.AccessFailedCount;
            entry.Property(u => u.LockoutEnd).OriginalValue = now.LockoutEnd;
        }
    }
}
