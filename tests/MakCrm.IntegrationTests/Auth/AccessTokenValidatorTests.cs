using MakCrm.Infrastructure.Security;
using MakCrm.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace MakCrm.IntegrationTests.Auth;

/// <summary>A verified token is remembered, but never past its lifetime, and only the exact token string is.</summary>
public sealed class AccessTokenValidatorTests(ApiServerFixture server) : AuthTest(server)
{
    [Fact]
    public async Task A_remembered_token_is_answered_from_memory_until_it_expires()
    {
        var token = await Server.AccessTokenAsync(TestActor.Employee);
        var expires = DateTimeOffset.FromUnixTimeSeconds(Claims(token)["exp"]!.GetValue<long>());
        var clock = new SettableClock(DateTimeOffset.UtcNow);
        var options = Server.Services.GetRequiredService<IOptions<AccessTokenOptions>>();
        var validator = new AccessTokenValidator(Server.Services.GetRequiredService<SigningKeyRing>(), options, clock);

        var first = await validator.ValidateAsync(token, CancellationToken.None);
        var second = await validator.ValidateAsync(token, CancellationToken.None);

        first.IsValid.Should().BeTrue();
        second.Claims.Should().BeSameAs(first.Claims, "the second check is answered from memory");
        first.Claims!.Roles.Should().Equal(Claims(token)["roles"]!.AsArray().Select(r => r!.GetValue<string>()));

        clock.Now = expires + options.Value.ClockSkew;
        (await validator.ValidateAsync(token, CancellationToken.None)).Failure.Should().Be("expired");
    }

    [Fact]
    public async Task Only_the_exact_token_is_remembered_so_a_forged_signature_is_still_refused()
    {
        var token = await Server.AccessTokenAsync(TestActor.Employee);
        var validator = new AccessTokenValidator(
            Server.Services.GetRequiredService<SigningKeyRing>(), Server.Services.GetRequiredService<IOptions<AccessTokenOptions>>(), TimeProvider.System);
        (await validator.ValidateAsync(token, CancellationToken.None)).IsValid.Should().BeTrue();

        var signature = token[(token.LastIndexOf('.') + 1)..];
        var forged = token[..(token.LastIndexOf('.') + 1)] + (signature[0] == 'A' ? 'B' : 'A') + signature[1..];

        (await validator.ValidateAsync(forged, CancellationToken.None)).Failure.Should().Be("bad_signature");
    }

    private sealed class SettableClock(DateTimeOffset now) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = now;

        public override DateTimeOffset GetUtcNow() => Now;
    }
}
