namespace MakCrm.Domain.Organizations;

/// <summary>What a partner or franchisee tells about itself when it registers.</summary>
public sealed record OrganizationRegistration(
    OrganizationKind Kind,
    string Name,
    LegalForm LegalForm,
    string Inn,
    string? City,
    string? Niche,
    string ContactPhone,
    string ContactEmail
);
