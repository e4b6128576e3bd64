using MakCrm.Application.Common;
using MakCrm.Application.Organizations;
using MakCrm.Contracts;
using MakCrm.WebApi.Http;

namespace MakCrm.WebApi.Wire;

/// <summary>How the API answers and reads these resources, where it does more than copy.</summary>
internal static class OrganizationMappings
{
    /// <summary>A partner, a franchisee or the head office, with its profile (schema <c>Organization</c>).</summary>
    extension(Organization)
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

    /// <summary>A partner's or franchisee's self-registration (schema <c>RegistrationRequest</c>).</summary>
    extension(RegistrationRequest request)
    {
        public RegisterOrganizationCommand ToCommand() =>
            new(request.Kind, request.CompanyName, request.LegalForm, request.Inn, request.City, request.Niche, request.ContactPhone, request.ContactEmail, request.FullName, request.Password, request.ReferralCode);
    }
}
