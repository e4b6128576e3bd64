using System.Security.Claims;
using MakCrm.WebApi.Auth;

namespace MakCrm.UnitTests.WebApi;

public sealed class CallerIdentityTests
{
    private static readonly IReadOnlySet<string> Granted = new HashSet<string>(StringComparer.Ordinal) { "auction.bid", "ledger.read.own" };

    [Fact]
    public void The_caller_has_exactly_the_permissions_of_its_set()
    {
        var user = new ClaimsPrincipal(new CallerIdentity(Granted));

        CallerIdentity.Has(user, "auction.bid").Should().BeTrue();
        CallerIdentity.Has(user, "auction.manage").Should().BeFalse();
        CallerIdentity.Has(user, "AUCTION.BID").Should().BeFalse();
    }

    [Fact]
    public void Another_identity_has_no_permissions_even_with_a_permission_claim()
    {
        var user = new ClaimsPrincipal(new ClaimsIdentity([new Claim("permission", "auction.bid")], BearerAuthentication.SchemeName));

        CallerIdentity.Has(user, "auction.bid").Should().BeFalse();
        CallerIdentity.Has(new ClaimsPrincipal(), "auction.bid").Should().BeFalse();
    }

    [Fact]
    public void A_copy_keeps_the_permissions_and_the_claims()
    {
        // The framework copies identities (a principal merged for a policy naming schemes, a ticket cloned by a handler).
        var identity = new CallerIdentity(Granted);
        identity.Add(ClaimTypes.NameIdentifier, "0195b2d4-0000-7000-8000-000000000001");
        identity.Add(ClaimTypes.Role, "franchisee");

        var copy = new ClaimsPrincipal(identity).Clone();

        CallerIdentity.Has(copy, "ledger.read.own").Should().BeTrue();
        copy.FindFirstValue(ClaimTypes.NameIdentifier).Should().Be("0195b2d4-0000-7000-8000-000000000001");
        copy.IsInRole("franchisee").Should().BeTrue();
        copy.Identity!.AuthenticationType.Should().Be(BearerAuthentication.SchemeName);
    }
}
