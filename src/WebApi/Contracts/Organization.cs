using MakCrm.Application.Common;
using MakCrm.Application.Organizations;
using MakCrm.Domain.Organizations;
using MakCrm.WebApi.Http;

namespace MakCrm.WebApi.Contracts;

/// <summary>A partner, a franchisee or the head office, with its profile (schema <c>Organization</c>).</summary>
public sealed partial record Organization
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
public sealed partial record UpdateOrganizationProfileRequest
{
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

public sealed partial record OrganizationHostList
{
    public static OrganizationHostList From(IReadOnlyList<OrganizationHostDto> hosts) => new(hosts);
}

public sealed partial record OrganizationPage
{
    public static OrganizationPage From(Page<OrganizationDto> page) => new(page.Items.Select(Organization.From).ToList(), page.NextCursor);
}

/// <summary>A partner's or franchisee's self-registration (schema <c>RegistrationRequest</c>).</summary>
public sealed partial record RegistrationRequest
{
    public RegisterOrganizationCommand ToCommand() =>
        new(Kind, CompanyName, LegalForm, Inn, City, Niche, ContactPhone, ContactEmail, FullName, Password, ReferralCode);
}

