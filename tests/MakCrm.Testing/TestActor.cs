using MakCrm.Domain.Access;

namespace MakCrm.Testing;

/// <summary>The users every test server has: one per role, in the head office or in one of three organizations.</summary>
public enum TestActor
{
    Admin,
    Employee,
    PartnerAlpha,
    PartnerBeta,
    Franchisee,
    Guest,
}

public static class TestActors
{
    public static readonly Guid PartnerAlphaOrganization = new("0192f0c1-0000-7000-8000-0000000000c1");
    public static readonly Guid PartnerBetaOrganization = new("0192f0c1-0000-7000-8000-0000000000c2");
    public static readonly Guid FranchiseeOrganization = new("0192f0c1-0000-7000-8000-0000000000c3");

    public const string Password = "Test-Password-2026";

    public static string Email(this TestActor actor) => $"{actor.ToString().ToLowerInvariant()}@test.mak";

    public static string Role(this TestActor actor) => actor switch
    {
        TestActor.Admin => Roles.Admin,
        TestActor.Employee => Roles.Employee,
        TestActor.PartnerAlpha or TestActor.PartnerBeta => Roles.Partner,
        TestActor.Franchisee => Roles.Franchisee,
        _ => Roles.Guest,
    };

    public static Guid Organization(this TestActor actor) => actor switch
    {
        TestActor.PartnerAlpha => PartnerAlphaOrganization,
        TestActor.PartnerBeta => PartnerBetaOrganization,
        TestActor.Franchisee => FranchiseeOrganization,
        _ => MakCrm.Domain.Organizations.Organization.HeadOfficeId,
    };
}
