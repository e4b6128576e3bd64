using System.Net;
using MakCrm.Domain.Access;
using MakCrm.Infrastructure.Identity;
using MakCrm.Testing;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace MakCrm.IntegrationTests.Auth;

/// <summary>A test server whose password hasher counts the passwords it checks.</summary>
public sealed class CountingHasherServer() : ApiServerFixture(new Dictionary<string, string>(), services =>
    services.Replace(ServiceDescriptor.Scoped<IPasswordHasher<MakUser>>(s => new CountingPasswordHasher(ActivatorUtilities.CreateInstance<PasswordHasher<MakUser>>(s)))));

/// <summary>The server's own hasher, counting the passwords checked with it.</summary>
public sealed class CountingPasswordHasher(IPasswordHasher<MakUser> inner) : IPasswordHasher<MakUser>
{
    private static long _verified;

    public static long Verified => Interlocked.Read(ref _verified);

    public string HashPassword(MakUser user, string password) => inner.HashPassword(user, password);

    public PasswordVerificationResult VerifyHashedPassword(MakUser user, string hashedPassword, string providedPassword)
    {
        Interlocked.Increment(ref _verified);
        return inner.VerifyHashedPassword(user, hashedPassword, providedPassword);
    }
}

/// <summary>
/// Password sign-ins: an unknown user costs the same password check as a known one (the answer's timing must not tell
/// which accounts exist), and many sign-ins of one user at once are answered, never with a 5xx.
/// </summary>
public sealed class PasswordSignInTests(CountingHasherServer server) : AuthTest(server), IClassFixture<CountingHasherServer>
{
    private const int Parallel = 20;

    [Fact]
    public async Task Every_refused_sign_in_checks_a_password_hash_like_a_sign_in_of_a_real_user()
    {
        var disabled = $"disabled-{Guid.NewGuid():N}@test.mak";
        var user = await Server.CreateUserAsync(disabled, Roles.Partner, TestActors.PartnerAlphaOrganization);
        await Server.WithServicesAsync(async services =>
        {
            var users = services.GetRequiredService<UserManager<MakUser>>();
            var stored = (await users.FindByIdAsync(user.Id.ToString()))!;
            stored.IsDisabled = true;
            return await users.UpdateAsync(stored);
        });

        foreach (var (username, password) in new[]
                 {
                     (TestActor.PartnerAlpha.Email(), "Wrong-Password-2026"),
                     ($"nobody-{Guid.NewGuid():N}@test.mak", TestActors.Password),
                     ($"nobody-{Guid.NewGuid():N}@test.mak", "Wrong-Password-2026"),
                     (disabled, TestActors.Password),
                 })
        {
            var before = CountingPasswordHasher.Verified;
            await ExpectOAuthError(await PasswordGrant(username, password), 400, "invalid_grant");
            (CountingPasswordHasher.Verified - before).Should().Be(1, "the sign-in of {0} must check one password hash", username);
        }
    }

    [Fact]
    public async Task Many_sign_ins_of_one_user_at_once_are_all_answered_without_a_server_error()
    {
        var email = $"parallel-{Guid.NewGuid():N}@test.mak";
        await Server.CreateUserAsync(email, Roles.Partner, TestActors.PartnerAlphaOrganization);

        for (var round = 0; round < 4; round++)
        {
            // Rounds 1 and 3 have one wrong password among the right ones, so there is a failure count to reset.
            var wrongAt = round % 2 == 1 ? round : -1;
            var answers = await Together(Parallel, i => Read(PasswordGrant(email, i == wrongAt ? "Wrong-Password-2026" : TestActors.Password)));

            answers.Should().NotContain(a => (int)a.Status >= 500, "round {0} answered {1}", round, string.Join("; ", answers.Select(a => $"{(int)a.Status} {a.Body}")));
            answers.Count(a => a.Status == HttpStatusCode.OK).Should().Be(wrongAt < 0 ? Parallel : Parallel - 1);
        }
    }

    [Fact]
    public async Task Wrong_passwords_sent_together_all_count_towards_the_lockout()
    {
        var email = $"guessed-{Guid.NewGuid():N}@test.mak";
        await Server.CreateUserAsync(email, Roles.Partner, TestActors.PartnerAlphaOrganization);

        var answers = await Together(5, _ => Read(PasswordGrant(email, "Wrong-Password-2026")));
        answers.Should().OnlyContain(a => a.Status == HttpStatusCode.BadRequest);

        var after = await PasswordGrant(email);
        await ExpectOAuthError(after, 400, "invalid_grant");
        (await after.Content.ReadAsStringAsync()).Should().Contain("locked", "five wrong passwords lock the account, however they arrive");
    }
}
