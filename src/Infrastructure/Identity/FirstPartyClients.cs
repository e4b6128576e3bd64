namespace MakCrm.Infrastructure.Identity;

/// <summary>The public clients of the password grant that every installation has.</summary>
public static class FirstPartyClients
{
    /// <summary>The partner and franchisee cabinets.</summary>
    public const string Cabinet = "mak-cabinet";

    /// <summary>Swagger UI's Authorize button.</summary>
    public const string Swagger = "swagger-ui";
}
