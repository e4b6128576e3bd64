using MakCrm.Application.Common;
using MakCrm.Application.Organizations;
using MakCrm.Domain.Organizations;
using MakCrm.WebApi.Http;

namespace MakCrm.WebApi.Contracts;

/// <summary>A partner, a franchisee or the head office, with its profile (schema <c>Organization</c>).</summary>
public sealed record Organization(
    Guid Id,
    OrganizationKind Kind,
    string Name,
    LegalForm? LegalForm,
    string? Inn,
    string? City,
    string? Niche,
    string? ContactPhone,
    string? ContactEmail,
    OrganizationStatus Status,
    string? RejectionReason,
    string? Grade,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    string? LegalName,
    string? Kpp,
    string? Ogrn,
    string? LegalAddress,
    string? PostalAddress,
    string? BankName,
    string? Bik,
    string? CorrespondentAccount,
    string? SettlementAccount,
    string? SignatoryName,
    string? SignatoryPosition,
    string? SignatoryBasis,
    TaxRegime? TaxRegime,
    string? Website,
    string? LogoUrl,
    Guid? OwnerUserId,
    DateTimeOffset? DeletedAt,
    int Version)
{
    public static Organization From(OrganizationDto o)
    {
        var p = o.Profile;
        return new(
            o.Id, o.Kind, p.Name, p.LegalForm, p.Inn, p.City, o.Niche, p.ContactPhone, p.ContactEmail, o.Status, o.RejectionReason, o.Grade, o.CreatedAt, o.UpdatedAt,
            p.LegalName, p.Kpp, p.Ogrn, p.LegalAddress, p.PostalAddress, p.BankName, p.Bik, p.CorrespondentAccount, p.SettlementAccount,
            p.SignatoryName, p.SignatoryPosition, p.SignatoryBasis, p.TaxRegime, p.Website, p.LogoUrl, o.OwnerUserId, o.DeletedAt, o.Version);
    }
}

/// <summary>A JSON merge patch of an organization's profile (schema <c>UpdateOrganizationProfileRequest</c>); <c>null</c> clears a field.</summary>
public sealed record UpdateOrganizationProfileRequest
{
    public string Name { get; init; } = "";

    public string? LegalName { get; init; }

    public LegalForm? LegalForm { get; init; }

    public string? Inn { get; init; }

    public string? Kpp { get; init; }

    public string? Ogrn { get; init; }

    public string? LegalAddress { get; init; }

    public string? PostalAddress { get; init; }

    public string? City { get; init; }

    public string? BankName { get; init; }

    public string? Bik { get; init; }

    public string? CorrespondentAccount { get; init; }

    public string? SettlementAccount { get; init; }

    public string? SignatoryName { get; init; }

    public string? SignatoryPosition { get; init; }

    public string? SignatoryBasis { get; init; }

    public TaxRegime? TaxRegime { get; init; }

    public string? ContactPhone { get; init; }

    public string? ContactEmail { get; init; }

    public string? Website { get; init; }

    public string? LogoUrl { get; init; }

    public static UpdateOrganizationProfileCommand ToCommand(Guid id, VersionCheck ifMatch, JsonBody<UpdateOrganizationProfileRequest> body)
    {
        var p = body.Value;
        return new UpdateOrganizationProfileCommand(
            id,
            ifMatch,
            body.Field("name", p.Name),
            body.Field("legalName", p.LegalName),
            body.Field("legalForm", p.LegalForm),
            body.Field("inn", p.Inn),
            body.Field("kpp", p.Kpp),
            body.Field("ogrn", p.Ogrn),
            body.Field("legalAddress", p.LegalAddress),
            body.Field("postalAddress", p.PostalAddress),
            body.Field("city", p.City),
            body.Field("bankName", p.BankName),
            body.Field("bik", p.Bik),
            body.Field("correspondentAccount", p.CorrespondentAccount),
            body.Field("settlementAccount", p.SettlementAccount),
            body.Field("signatoryName", p.SignatoryName),
            body.Field("signatoryPosition", p.SignatoryPosition),
            body.Field("signatoryBasis", p.SignatoryBasis),
            body.Field("taxRegime", p.TaxRegime),
            body.Field("contactPhone", p.ContactPhone),
            body.Field("contactEmail", p.ContactEmail),
            body.Field("website", p.Website),
            body.Field("logoUrl", p.LogoUrl));
    }
}

/// <summary>A host name to claim (schema <c>ClaimHostRequest</c>).</summary>
public sealed record ClaimHostRequest
{
    public required string Host { get; init; }
}

/// <summary>A host name an organization holds (schema <c>OrganizationHost</c>).</summary>
public sealed record OrganizationHost(string Host, Guid OrganizationId, DateTimeOffset CreatedAt)
{
    public static OrganizationHost From(OrganizationHostDto dto) => new(dto.Host, dto.OrganizationId, dto.CreatedAt);
}

public sealed record OrganizationHostList(IReadOnlyList<OrganizationHost> Items)
{
    public static OrganizationHostList From(IReadOnlyList<OrganizationHostDto> hosts) => new(hosts.Select(OrganizationHost.From).ToList());
}

/// <summary>What a cabinet's sign-in page shows for its host (schema <c>Branding</c>).</summary>
public sealed record Branding(Guid OrganizationId, string Name, string? LogoUrl)
{
    public static Branding From(BrandingDto dto) => new(dto.OrganizationId, dto.Name, dto.LogoUrl);
}

public sealed record OrganizationPage(IReadOnlyList<Organization> Items, string? NextCursor)
{
    public static OrganizationPage From(Page<OrganizationDto> page) => new(page.Items.Select(Organization.From).ToList(), page.NextCursor);
}

/// <summary>A partner's or franchisee's self-registration (schema <c>RegistrationRequest</c>).</summary>
public sealed record RegistrationRequest
{
    public required OrganizationKind Kind { get; init; }

    public required string CompanyName { get; init; }

    public required LegalForm LegalForm { get; init; }

    public required string Inn { get; init; }

    public string? City { get; init; }

    public string? Niche { get; init; }

    public required string ContactPhone { get; init; }

    public required string ContactEmail { get; init; }

    public required string FullName { get; init; }

    public required string Password { get; init; }

    /// <summary>The referral code of the partner or franchisee whose link the registrant followed.</summary>
    public string? ReferralCode { get; init; }

    public RegisterOrganizationCommand ToCommand() =>
        new(Kind, CompanyName, LegalForm, Inn, City, Niche, ContactPhone, ContactEmail, FullName, Password, ReferralCode);
}

public sealed record RejectOrganizationRequest
{
    public required string Reason { get; init; }
}
