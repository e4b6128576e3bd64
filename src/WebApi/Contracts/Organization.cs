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

